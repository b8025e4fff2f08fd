#!/usr/bin/env node
// Validates every statemachines/*.asl.json with asl-validator (the version pinned in package-lock.json), the way Step
// Functions would read it after CloudFormation substitutes the ${Placeholders}. Run by the infra module's Maven build
// (exec-maven-plugin, test phase) and by `npm run validate:asl`.
//
// Placeholders inside JSON strings ("Resource": "${PlanFunctionArn}") are valid ASL as they stand: asl-validator
// accepts a whole-string ${...} Resource and any string elsewhere. A placeholder standing for a number
// ("Seconds": ${CrawlerPollSeconds}) is not JSON at all, so each such bare placeholder is replaced by 1 before parsing.
//
// Exit codes: 0 valid, 1 a definition is invalid, 2 asl-validator is not installed or a file cannot be read.
"use strict";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
const directory = path.join(root, "statemachines");

let validator;
try {
  validator = require(require.resolve("asl-validator", { paths: [root] }));
} catch (e) {
  console.error(`validate-asl: asl-validator is not installed in ${path.join(root, "node_modules")}: run \`npm ci\``
    + ` in ${root} (it installs the versions pinned in package-lock.json; Node.js ${process.version}).`);
  process.exit(2);
}
const version = require(require.resolve("asl-validator/package.json", { paths: [root] })).version;

/** Replaces each ${Name} that stands where a JSON value goes (not inside a string) by the number 1. */
function substituteBarePlaceholders(text) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += text[++i] ?? "";
      } else if (c === "\"") {
        inString = false;
      }
      continue;
    }
    if (c === "\"") {
      inString = true;
      out += c;
      continue;
    }
    const bare = /^\$\{[A-Za-z0-9_]+\}/.exec(text.slice(i, i + 200));
    if (bare) {
      out += "1";
      i += bare[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

const files = fs.existsSync(directory)
  ? fs.readdirSync(directory).filter((f) => f.endsWith(".asl.json")).sort()
  : [];
if (files.length === 0) {
  console.error(`validate-asl: no *.asl.json in ${directory}: the state machine definitions live there.`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  const shown = path.join("statemachines", file);
  let definition;
  try {
    definition = JSON.parse(substituteBarePlaceholders(fs.readFileSync(path.join(directory, file), "utf8")));
  } catch (e) {
    console.error(`validate-asl: ${shown} is not valid JSON: ${e.message}`);
    failed++;
    continue;
  }
  const result = validator(definition, { checkArn: true, checkPaths: true });
  if (result.isValid) {
    console.log(`validate-asl: ${shown} is valid (asl-validator ${version})`);
  } else {
    console.error(`validate-asl: ${shown} is invalid (asl-validator ${version}):`);
    for (const error of result.errors) {
      console.error(`  - ${error["Error code"]}: ${error.Message}`);
    }
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
