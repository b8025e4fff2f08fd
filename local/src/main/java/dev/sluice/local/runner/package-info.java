/**
 * Step Functions on one machine: the local state machine runner.
 *
 * <p>{@link dev.sluice.local.runner.LocalStateMachineRunner} runs an ASL file (the same
 * {@code statemachines/*.asl.json} CDK deploys) with the npm package aws-local-stepfunctions 3.0.0 in a {@code node}
 * child process; every Task is forwarded over HTTP on 127.0.0.1 to a
 * {@link dev.sluice.local.runner.LocalLambdaEndpoint} in this JVM, which calls the
 * {@link dev.sluice.local.runner.LocalFunction} registered for the Task's function and reports exceptions as the Java
 * Lambda runtime does (errorType = the exception's fully qualified class name).
 *
 * <pre>{@code
 * try (LocalLambdaEndpoint endpoint = LocalLambdaEndpoint.start()
 *         .register(StepName.PLAN, planHandler::handle)          // String -> String
 *         .register(StepName.EXTRACT_CHUNK, extractHandler::handle)
 *         .bucket(lakeBucket, objectStore);                       // Distributed Map item lists
 *      LocalStateMachineRunner runner = new LocalStateMachineRunner(endpoint)) {
 *     ExecutionResult run = runner.start(Path.of("statemachines/migrate-table.asl.json"), runRequestJson,
 *             "demo-sales-orders-1", ExecutionOptions.local().withSubstitution("LakeBucket", lakeBucket));
 *     if (run.status() == ExecutionStatus.FAILED) {
 *         ExecutionResult again = runner.redrive(run);           // RedriveCount 1, from run.failedState()
 *     }
 * }
 * }</pre>
 *
 * <p>Prerequisites: Node.js 20 or newer ({@code node} on PATH, or {@code SLUICE_NODE}; on Node 20 the runner script
 * polyfills {@code Promise.withResolvers}, the one Node 22 API the library uses) and {@code npm ci} run in the
 * repository root ({@code SLUICE_HOME}, else found by walking up from the working directory to the
 * {@code package.json} that declares aws-local-stepfunctions). See {@link dev.sluice.local.runner.NodeRuntime}.
 * The emulations (ItemReader, context object, redrive) and the differences from AWS are listed on
 * {@link dev.sluice.local.runner.LocalStateMachineRunner}.
 */
package dev.sluice.local.runner;
