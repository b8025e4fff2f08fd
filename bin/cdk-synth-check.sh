#!/usr/bin/env bash
# Synthesizes every environment of cdk.json (dev, prod) with the pinned CDK CLI, offline: no AWS credentials, no
# lookups, no notices, no telemetry, no version check. Fails on the first environment that does not synthesize,
# with the app's message (unknown environment, invalid config, missing Lambda jar, ASL placeholder or schedule input).
#
# Order: run it AFTER `./mvnw verify` (or `./mvnw -pl functions/lambda -am package`): the Lambda jar
# functions/lambda/target/sluice-lambda.jar is built there and synth refuses to run without it.
# Extra arguments go to every `cdk synth`, e.g. `-c lambdaJar=/path/to/jar`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Lambda jar first: without it every synth would build the infra module only to stop on the same message.
# cdk.json's lambdaJar unless the arguments override it (-c lambdaJar=<path>).
jar=$(node -e 'console.log(require("./cdk.json").context.lambdaJar || "functions/lambda/target/sluice-lambda.jar")')
for arg in "$@"; do
  case $arg in *lambdaJar=*) jar=${arg#*lambdaJar=} ;; esac
done
if [ ! -s "$jar" ]; then
  echo "cdk-synth-check: the Lambda jar $jar is missing: build it with \`./mvnw -pl functions/lambda -am package\`" \
    "(\`./mvnw verify\` builds it too), or pass another with -c lambdaJar=<path>." >&2
  exit 1
fi

# shellcheck source=select-jdk.sh
source bin/select-jdk.sh
export CDK_DISABLE_CLI_TELEMETRY=true CDK_DISABLE_VERSION_CHECK=1 AWS_EC2_METADATA_DISABLED=true

npm ci --no-audit --no-fund --loglevel=error
echo "cdk-synth-check: CDK CLI $(npx --no-install cdk --version)"

environments=$(node -e 'console.log(Object.keys(require("./cdk.json").context["sluice:environments"]).join(" "))')
for env in $environments; do
  out=$(mktemp -d "${TMPDIR:-/tmp}/sluice-cdk-$env.XXXXXX")
  echo "cdk-synth-check: synth -c env=$env -> $out"
  npx --no-install cdk synth --no-notices --no-lookups --quiet -c "env=$env" -o "$out" "$@"
  templates=$(find "$out" -name '*.template.json' | wc -l)
  if [ "$templates" -ne 2 ]; then
    echo "cdk-synth-check: env=$env produced $templates templates, expected 2 (lakehouse, pipeline)" >&2
    exit 1
  fi
  rm -rf "$out"
done
echo "cdk-synth-check: OK ($environments)"
