// Runs one execution of an Amazon States Language definition with aws-local-stepfunctions and forwards every Task to
// the Java side's LocalLambdaEndpoint (HTTP on 127.0.0.1). Shipped inside the sluice-local jar; LocalStateMachineRunner
// copies it to a temporary file and runs `node <this file> <job file>`. The job names the project's node_modules, so
// this file may live anywhere: the library is imported by absolute path.
//
// Job (JSON, from the file named by argv[2], or stdin when there is none):
//   {definition: <ASL object, placeholders already substituted>, input: <JSON>, nodeModules: "/repo/node_modules",
//    endpoint: "http://127.0.0.1:<port>", stateMachineArn, stateMachineName, executionId, executionName,
//    redriveCount: 0, startAt: <state name or null: redrive>, waitMillis: <n or null>, waitOverrides: {state: ms},
//    retryMillis: <n or null>, retryOverrides: {state: ms}, taskTimeoutSeconds: <for Tasks without TimeoutSeconds>}
// Result (one JSON line on stdout; logs go to stderr):
//   {status: "SUCCEEDED"|"FAILED"|"TIMED_OUT", output, error, cause, failedState, failedStateInput,
//    invocations: [{state, function, input, output} | {state, function, input, error: {errorType, errorMessage}}],
//    enteredStates: [top-level state names in order]}
//
// What is emulated (documented in LocalStateMachineRunner's javadoc):
// - Task: a Lambda ARN, or arn:aws:states:::lambda:invoke with Parameters.FunctionName/Payload (the result is then
//   wrapped in {Payload, StatusCode} as AWS does), is forwarded as POST /invoke/<function name>; any other resource
//   as POST /invoke/<state name>. A function error becomes an Error whose name is the errorType and whose message is
//   the Cause string AWS records for a Lambda error: the library matches ErrorEquals against error.name and copies
//   error.message into the Catch output's Cause.
// - ItemReader (arn:aws:states:::s3:getObject, JSON input type): an injected Task state "<Map>ReadItems" reads the
//   object through POST /s3/getObject before the Map and keeps the items out of the state document (in a context
//   slot the Map reads with ItemsPath "$$..."). Transitions to the Map go to the reader first.
// - $$.Execution.Id/Name/RedriveCount and $$.StateMachine.Id/Name come from the job (the library merges a context).

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// aws-local-stepfunctions 3.0.0 declares node >= 22 because it calls Promise.withResolvers (Node 22+). On Node 20 this
// is the whole gap; on newer Node the native method is kept.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

const READ_ITEMS_SUFFIX = 'ReadItems';
const ITEM_SLOT = 'SluiceItemReader';
const S3_GET_OBJECT = 'arn:aws:states:::s3:getObject';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/;

function log(message) {
  process.stderr.write(`[run-state-machine] ${message}\n`);
}

function readJob() {
  const source = process.argv[2] ?? 0; // fd 0: stdin
  return JSON.parse(readFileSync(source, 'utf8'));
}

/** A failure with the name Step Functions matches in ErrorEquals and the Cause it records. */
function stateError(errorType, cause) {
  const error = new Error(cause);
  error.name = errorType;
  return error;
}

/** The Cause string AWS records when a Lambda function fails (the runtime's error document). */
function lambdaCause(body) {
  return JSON.stringify({
    errorMessage: body.errorMessage ?? '',
    errorType: body.errorType,
    stackTrace: body.stackTrace ?? [],
  });
}

// node:http rather than fetch: fetch (undici) gives up on a reply after 300 s, and a local step (a big chunk) may
// legitimately take longer; the Task's TimeoutSeconds is what bounds a call, as in AWS.
const agent = new http.Agent({ keepAlive: true });

function post(endpoint, path, body, headers) {
  const payload = Buffer.from(JSON.stringify(body ?? null), 'utf8');
  return new Promise((resolve, reject) => {
    const request = http.request(endpoint + path, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', (e) => reject(stateError('Lambda.SdkClientException',
        `the local Lambda endpoint ${endpoint} broke off its reply to ${path}: ${e.message}`)));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode, body: JSON.parse(text) });
        } catch {
          reject(stateError('Lambda.ServiceException', `the local Lambda endpoint answered ${path} with HTTP `
            + `${response.statusCode} and a body that is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    request.on('error', (e) => reject(stateError('Lambda.SdkClientException',
      `the local Lambda endpoint ${endpoint} did not answer ${path}: ${e.message}`)));
    request.end(payload);
  });
}

/** The target of a Task: the function name of a Lambda resource, else the state name. */
function taskTarget(stateName, resource, input) {
  if (resource.startsWith(LAMBDA_INVOKE)) {
    if (resource !== LAMBDA_INVOKE) {
      throw new Error(`state ${stateName}: resource ${resource} is not supported locally (only ${LAMBDA_INVOKE} and Lambda ARNs)`);
    }
    const name = String(input?.FunctionName ?? '');
    const match = LAMBDA_ARN.exec(name);
    return { target: match ? match[1] : name, payload: input?.Payload ?? {}, wrap: true };
  }
  const match = LAMBDA_ARN.exec(resource);
  return { target: match ? match[1] : stateName, payload: input, wrap: false };
}

/**
 * Rewrites one States scope (the root, a Map's processor, a Parallel branch) in place: ItemReader emulation,
 * ProcessorConfig dropped, nested scopes first. Returns the reader states it injected: {reader: map}.
 */
function rewriteScope(scope, readers, slots) {
  const retarget = {};
  for (const [name, state] of Object.entries(scope.States)) {
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches ?? []) rewriteScope(branch, readers, slots);
    }
    if (state.Type !== 'Map') continue;
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) {
      delete processor.ProcessorConfig;
      rewriteScope(processor, readers, slots);
    }
    for (const unsupported of ['ItemBatcher']) {
      if (state[unsupported] !== undefined) {
        throw new Error(`Map state ${name}: ${unsupported} is not supported by the local runner`);
      }
    }
    // Not emulated: results are kept in memory (no ResultWriter), any failed item fails the Map (tolerance 0).
    for (const dropped of ['ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath',
      'ToleratedFailureCount', 'ToleratedFailureCountPath', 'Label']) {
      delete state[dropped];
    }
    if (state.ItemReader === undefined) continue;
    const reader = state.ItemReader;
    if (reader.Resource !== S3_GET_OBJECT || (reader.ReaderConfig?.InputType ?? 'JSON') !== 'JSON') {
      throw new Error(`Map state ${name}: only an ItemReader with Resource ${S3_GET_OBJECT} and InputType JSON is `
        + `emulated locally, not ${reader.Resource} ${reader.ReaderConfig?.InputType ?? ''}`);
    }
    const readerName = name + READ_ITEMS_SUFFIX;
    if (scope.States[readerName] !== undefined) {
      throw new Error(`Map state ${name}: the local runner injects a state ${readerName}, which the definition already has`);
    }
    const slot = `r${Object.keys(slots).length}`;
    slots[slot] = { map: name, maxItems: reader.ReaderConfig?.MaxItems };
    const readerState = {
      Type: 'Task',
      Comment: `local emulation of ${name}'s ItemReader`,
      Resource: S3_GET_OBJECT,
      Parameters: reader.Parameters ?? {},
      ResultPath: null,
      Next: name,
    };
    for (const copied of ['InputPath', 'Retry', 'Catch']) {
      if (state[copied] !== undefined) readerState[copied] = structuredClone(state[copied]);
    }
    delete state.ItemReader;
    state.ItemsPath = `$$.${ITEM_SLOT}.${slot}`;
    readers[readerName] = { map: name, slot };
    retarget[name] = readerName;
    scope.States[readerName] = readerState;
  }
  const to = (next) => retarget[next] ?? next;
  scope.StartAt = to(scope.StartAt);
  for (const [name, state] of Object.entries(scope.States)) {
    for (const catcher of state.Catch ?? []) catcher.Next = to(catcher.Next);
    if (readers[name] !== undefined) continue; // a reader's Next is its own Map
    if (state.Next !== undefined) state.Next = to(state.Next);
    if (state.Default !== undefined) state.Default = to(state.Default);
    for (const choice of state.Choices ?? []) choice.Next = to(choice.Next);
  }
}

/** Every state of the definition, nested ones included: [name, state]. */
function allStates(scope, into = []) {
  for (const [name, state] of Object.entries(scope.States)) {
    into.push([name, state]);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) allStates(processor, into);
    for (const branch of state.Branches ?? []) allStates(branch, into);
  }
  return into;
}

async function main() {
  const job = readJob();
  const entry = join(job.nodeModules, 'aws-local-stepfunctions', 'build', 'main.node.esm.js');
  const { StateMachine, ExecutionError, ExecutionTimeoutError } = await import(pathToFileURL(entry).href);

  // The library validates what it runs; validate the definition as written (ItemReader and all) once here, then
  // run the rewritten one unvalidated (a redrive's StartAt leaves earlier states unreachable on purpose).
  const definition = structuredClone(job.definition);
  new StateMachine(structuredClone(definition), { validationOptions: { checkArn: true, checkPaths: true } });
  if (job.startAt) {
    if (definition.States?.[job.startAt] === undefined) {
      throw new Error(`cannot redrive at ${job.startAt}: the definition has no top-level state of that name`);
    }
    definition.StartAt = job.startAt;
  }

  const readers = {};
  const slots = {};
  rewriteScope(definition, readers, slots);
  const itemSlot = {};
  const invocations = [];

  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Wait') {
      const ms = job.waitOverrides?.[name] ?? job.waitMillis;
      if (ms !== null && ms !== undefined) waitTimeOverrides[name] = ms;
    }
    if (state.Retry !== undefined) {
      const ms = job.retryOverrides?.[name] ?? job.retryMillis;
      if (ms !== null && ms !== undefined) retryIntervalOverrides[name] = ms;
    }
    if (state.Type !== 'Task') continue;
    if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      // The library's default is 60 s; in AWS a Lambda Task without one is bounded by the function's own timeout.
      state.TimeoutSeconds = job.taskTimeoutSeconds ?? 900;
    }
    if (readers[name] !== undefined) {
      taskResourceLocalHandlers[name] = readItemsHandler(job, name, readers[name], slots, itemSlot);
    } else {
      taskResourceLocalHandlers[name] = taskHandler(job, name, state.Resource, invocations);
    }
  }

  const topLevel = new Set(Object.keys(definition.States));
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  const execution = machine.run(job.input, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: {
      Execution: {
        Id: job.executionId,
        Name: job.executionName,
        RedriveCount: job.redriveCount ?? 0,
        RoleArn: 'arn:aws:iam::000000000000:role/sluice-local',
      },
      StateMachine: { Id: job.stateMachineArn, Name: job.stateMachineName },
      [ITEM_SLOT]: itemSlot,
    },
  });

  const enteredStates = [];
  let current = null;
  const drained = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered' && event.index === undefined && topLevel.has(event.state.name)) {
        current = { name: event.state.name, input: event.state.input };
        if (readers[event.state.name] === undefined) enteredStates.push(event.state.name);
      }
    }
  })();

  const result = { status: 'SUCCEEDED', output: null, error: null, cause: null, failedState: null,
    failedStateInput: null, invocations, enteredStates };
  try {
    result.output = await execution.result;
  } catch (e) {
    const failure = e instanceof ExecutionError && e.cause ? e.cause : e;
    result.status = e instanceof ExecutionTimeoutError ? 'TIMED_OUT' : 'FAILED';
    result.error = e instanceof ExecutionTimeoutError ? 'States.Timeout' : failure.name;
    result.cause = e instanceof ExecutionTimeoutError ? 'the execution exceeded the definition\'s TimeoutSeconds' : failure.message;
  }
  await drained;
  if (result.status !== 'SUCCEEDED' && current !== null) {
    // A redrive restarts here with this raw input; an injected reader stands for its Map.
    result.failedState = readers[current.name]?.map ?? current.name;
    result.failedStateInput = current.input;
  }
  finish(result, 0);
}

/** Writes the result and exits: idle keep-alive sockets to the endpoint would otherwise hold the process open. */
function finish(result, code) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(code));
}

function taskHandler(job, stateName, resource, invocations) {
  return async (input) => {
    const { target, payload, wrap } = taskTarget(stateName, resource, input);
    const record = { state: stateName, function: target, input: payload };
    invocations.push(record);
    const { status, body } = await post(job.endpoint, `/invoke/${encodeURIComponent(target)}`, payload, {
      'x-sluice-state': stateName,
      'x-sluice-execution': job.executionId,
    });
    if (body !== null && typeof body === 'object' && typeof body.errorType === 'string') {
      record.error = { errorType: body.errorType, errorMessage: body.errorMessage ?? '' };
      throw stateError(body.errorType, lambdaCause(body));
    }
    if (status !== 200 || body === null || typeof body !== 'object' || !('output' in body)) {
      record.error = { errorType: 'Lambda.ServiceException', errorMessage: `HTTP ${status}` };
      throw stateError('Lambda.ServiceException', `the local Lambda endpoint answered ${target} with HTTP ${status}`);
    }
    record.output = body.output;
    return wrap ? { ExecutedVersion: '$LATEST', Payload: body.output, StatusCode: 200 } : body.output;
  };
}

function readItemsHandler(job, stateName, reader, slots, itemSlot) {
  return async (input) => {
    const { status, body } = await post(job.endpoint, '/s3/getObject', { Bucket: input?.Bucket, Key: input?.Key }, {
      'x-sluice-state': stateName,
    });
    if (status !== 200 || typeof body?.body !== 'string') {
      throw stateError('States.ItemReaderFailed', `Map state ${reader.map} could not read its items from `
        + `s3://${input?.Bucket}/${input?.Key}: ${body?.errorType ?? 'HTTP ' + status}: ${body?.errorMessage ?? ''}`);
    }
    let items;
    try {
      items = JSON.parse(body.body);
    } catch (e) {
      throw stateError('States.ItemReaderFailed', `Map state ${reader.map}: s3://${input.Bucket}/${input.Key} is not JSON: ${e.message}`);
    }
    if (!Array.isArray(items)) {
      throw stateError('States.ItemReaderFailed', `Map state ${reader.map}: s3://${input.Bucket}/${input.Key} holds no JSON array`);
    }
    const maxItems = slots[reader.slot].maxItems;
    itemSlot[reader.slot] = maxItems > 0 ? items.slice(0, maxItems) : items;
    log(`${reader.map}: ${itemSlot[reader.slot].length} items from s3://${input.Bucket}/${input.Key}`);
    return {};
  };
}

main().catch((e) => {
  log(e?.stack ?? String(e));
  finish({ status: 'RUNNER_ERROR', error: e?.name ?? 'Error', cause: e?.message ?? String(e) }, 2);
});
