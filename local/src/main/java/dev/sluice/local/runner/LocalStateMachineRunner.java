package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.pipeline.DefinitionSubstitution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Step Functions on one machine: runs a state machine definition file (the same ASL that CDK deploys) with the npm
 * package aws-local-stepfunctions in a {@code node} child process, and every Task on this JVM's
 * {@link LocalLambdaEndpoint}.
 *
 * <p>How it maps the AWS service:
 * <ul>
 *   <li>Placeholders: every {@code ${Name}} in the file is replaced from {@link ExecutionOptions#substitutions()}
 *       (JSON-string escaped) before the run; each step's {@code ${<Step>FunctionArn}} defaults to
 *       {@link ExecutionOptions#functionArn}{@code (<Step>)}; one left over fails the run naming it.</li>
 *   <li>Tasks are routed by the Resource's function name, not by state name: NotifySuccess and NotifyFailure both
 *       call {@code Notify}, and a Task inside a Map iterator calls its step like any other. A Lambda ARN, or
 *       {@code arn:aws:states:::lambda:invoke} with {@code Parameters.FunctionName} and {@code Payload} (result wrapped
 *       in {@code {Payload, StatusCode}} as AWS does), are supported; any other Resource goes to the function
 *       registered under the state's name.</li>
 *   <li>A function's exception fails the Task with the exception's fully qualified class name as the error name, so
 *       {@code Retry}/{@code Catch} {@code ErrorEquals} match it exactly (no subclass matching, as in AWS), and
 *       with the Lambda error document ({@code {"errorMessage","errorType","stackTrace"}}) as the Cause.</li>
 *   <li>{@code $$.Execution.Id}, {@code .Name}, {@code .RedriveCount}, {@code .StartTime}, {@code .Input},
 *       {@code $$.StateMachine.Id/.Name} and {@code $$.Map.Item.Index/.Value} (in {@code ItemSelector}) are
 *       available; the library supports a context object and merges our Execution fields into it.</li>
 *   <li>Distributed Map with {@code ItemReader} ({@code arn:aws:states:::s3:getObject}, JSON): emulated by an
 *       injected Task state {@code <Map>ReadItems} placed before the Map, which reads the object through the
 *       endpoint's {@code /s3/getObject} (the bucket registered with {@link LocalLambdaEndpoint#bucket}), carries the
 *       Map's InputPath/Retry/Catch, and leaves the state document unchanged; the Map then iterates the items in
 *       the same process ({@code ProcessorConfig}, {@code ResultWriter}, {@code Label} and the tolerated-failure
 *       fields are dropped). Read failures are {@code States.ItemReaderFailed}.</li>
 *   <li>{@code Wait} states and retry intervals are shortened by {@link ExecutionOptions} (defaults 50 ms, 20 ms).
 *       A Task without {@code TimeoutSeconds} gets {@link ExecutionOptions#taskTimeout()} (15 minutes, the Lambda
 *       maximum) instead of the library's 60 s default.</li>
 *   <li>{@link #redrive}: reruns the definition from the state the execution failed in, with the raw input that
 *       state had (taken from the library's StateEntered event), the same execution id and name, and
 *       {@code RedriveCount + 1}. States that completed before are not run again.</li>
 * </ul>
 *
 * <p>Differences from AWS: {@code $$.Execution.Input} and {@code StartTime} in a redrive are the redriven state's
 * input and the redrive's time; {@code $$.State.*} and {@code $$.Task.Token} are absent; Map iterations share the
 * parent's {@code $$.Execution} (a Distributed Map's child executions have their own ids in AWS); a redriven Map
 * runs all of its items again (AWS reruns only the failed and unfinished ones; the steps are idempotent); no payload
 * size limits; states of one definition must have unique names (overrides are keyed by state name).
 *
 * <p>node and node_modules are found by {@link NodeRuntime#locate()}; the runner script ships in this jar
 * ({@code dev/sluice/local/runner/run-state-machine.mjs}) and is copied to a temporary file, which imports the
 * library from the project's node_modules by absolute path. The node process's stderr goes to the log consumer.
 */
public final class LocalStateMachineRunner implements AutoCloseable {

    private static final String SCRIPT_RESOURCE = "run-state-machine.mjs";
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int STDERR_TAIL = 20;

    private final ObjectMapper json = new ObjectMapper();
    private final LocalLambdaEndpoint endpoint;
    private final NodeRuntime node;
    private final Consumer<String> log;
    private final Path workDir;
    private final Path script;

    /**
     * A runner whose Tasks call {@code endpoint}, running {@code node}; the node process's stderr lines go to
     * {@code log}.
     */
    public LocalStateMachineRunner(LocalLambdaEndpoint endpoint, NodeRuntime node, Consumer<String> log) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.node = Objects.requireNonNull(node, "node");
        this.log = Objects.requireNonNull(log, "log");
        try {
            this.workDir = Files.createTempDirectory("sluice-sfn-");
            this.script = workDir.resolve(SCRIPT_RESOURCE);
            try (InputStream in = LocalStateMachineRunner.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new StateMachineRunnerException("the runner script " + SCRIPT_RESOURCE + " is missing from "
                            + "the classpath (dev/sluice/local/runner/): rebuild the sluice-local module");
                }
                Files.copy(in, script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local state machine runner's work directory", e);
        }
    }

    /** A runner on {@link NodeRuntime#locate()} logging the node process's stderr to the system logger. */
    public LocalStateMachineRunner(LocalLambdaEndpoint endpoint) {
        this(endpoint, NodeRuntime.locate(), line -> System.getLogger(LocalStateMachineRunner.class.getName())
                .log(System.Logger.Level.INFO, line));
    }

    /**
     * Runs a new execution of the definition in {@code definition} on {@code inputJson}.
     *
     * @param executionName the execution's name (1-80 letters, digits, {@code -} or {@code _}), as in
     *     StartExecution; the execution id is {@code arn:aws:states:us-east-1:000000000000:execution:<machine>:<name>}
     *     where machine is the file name without {@code .asl.json}
     * @throws StateMachineRunnerException when the run itself cannot happen (node, definition, timeout)
     */
    public ExecutionResult start(Path definition, String inputJson, String executionName, ExecutionOptions options) {
        if (!EXECUTION_NAME.matcher(executionName).matches()) {
            throw new IllegalArgumentException("execution name '" + executionName + "' must be 1-80 letters, digits, "
                    + "'-' or '_' (as Step Functions requires)");
        }
        JsonNode input = parse(inputJson, "the execution input");
        String machine = machineName(definition);
        String executionId = ExecutionOptions.LOCAL_ARN_PREFIX.formatted("states") + "execution:" + machine + ":"
                + executionName;
        return run(definition, input, executionId, executionName, 0, null, options);
    }

    /**
     * Redrives {@code failed} as Step Functions does: the same execution continues at the state it failed in, with
     * the input that state had, {@code $$.Execution.RedriveCount} one higher, and the same options.
     *
     * @throws IllegalStateException when {@code failed} succeeded or did not fail in a state
     */
    public ExecutionResult redrive(ExecutionResult failed) {
        if (!failed.status().redrivable() || failed.failedState() == null) {
            throw new IllegalStateException("execution " + failed.executionId() + " ended " + failed.status()
                    + (failed.failedState() == null ? " without a failed state" : "")
                    + ": only a failed or timed-out execution can be redriven");
        }
        return run(failed.definition(), failed.failedStateInput(), failed.executionId(), failed.executionName(),
                failed.redriveCount() + 1, failed.failedState(), failed.options());
    }

    private ExecutionResult run(Path definition, JsonNode input, String executionId, String executionName,
            int redriveCount, String startAt, ExecutionOptions options) {
        JsonNode asl = parse(substitute(definition, options.effectiveSubstitutions()), definition.toString());
        String machine = machineName(definition);
        ObjectNode job = json.createObjectNode();
        job.set("definition", asl);
        job.set("input", input == null ? NullNode.getInstance() : input);
        job.put("nodeModules", node.nodeModules().toString());
        job.put("endpoint", endpoint.uri().toString());
        job.put("stateMachineArn", ExecutionOptions.LOCAL_ARN_PREFIX.formatted("states") + "stateMachine:" + machine);
        job.put("stateMachineName", machine);
        job.put("executionId", executionId);
        job.put("executionName", executionName);
        job.put("redriveCount", redriveCount);
        if (startAt != null) {
            job.put("startAt", startAt);
        }
        if (options.waitOverride() != null) {
            job.put("waitMillis", options.waitOverride().toMillis());
        }
        ObjectNode waits = job.putObject("waitOverrides");
        options.waitOverrides().forEach((state, d) -> waits.put(state, d.toMillis()));
        if (options.retryIntervalOverride() != null) {
            job.put("retryMillis", options.retryIntervalOverride().toMillis());
        }
        ObjectNode retries = job.putObject("retryOverrides");
        options.retryIntervalOverrides().forEach((state, d) -> retries.put(state, d.toMillis()));
        job.put("taskTimeoutSeconds", options.taskTimeout().toSeconds());

        JsonNode outcome = execute(job, definition, executionName, options);
        String status = outcome.path("status").asText();
        if (status.equals("RUNNER_ERROR") || !Set.of("SUCCEEDED", "FAILED", "TIMED_OUT").contains(status)) {
            throw new StateMachineRunnerException("the local state machine runner could not run " + definition + ": "
                    + outcome.path("cause").asText(outcome.toString()));
        }
        List<TaskInvocation> invocations = new ArrayList<>();
        for (JsonNode call : outcome.path("invocations")) {
            JsonNode error = call.get("error");
            invocations.add(new TaskInvocation(call.path("state").asText(), call.path("function").asText(),
                    call.get("input"), error == null ? call.get("output") : null,
                    error == null ? null : error.path("errorType").asText(),
                    error == null ? null : error.path("errorMessage").asText()));
        }
        List<String> entered = new ArrayList<>();
        outcome.path("enteredStates").forEach(s -> entered.add(s.asText()));
        return new ExecutionResult(executionId, executionName, redriveCount, ExecutionStatus.valueOf(status),
                nullIfJsonNull(outcome.get("output")), textOrNull(outcome.get("error")),
                textOrNull(outcome.get("cause")), textOrNull(outcome.get("failedState")),
                nullIfJsonNull(outcome.get("failedStateInput")), invocations, entered, definition, options);
    }

    private JsonNode execute(ObjectNode job, Path definition, String executionName, ExecutionOptions options) {
        Path jobFile = null;
        Process process = null;
        try {
            jobFile = Files.createTempFile(workDir, "job-", ".json");
            json.writeValue(jobFile.toFile(), job);
            process = new ProcessBuilder(node.node().toString(), script.toString(), jobFile.toString())
                    .start();
            process.getOutputStream().close(); // the job is in the file; nothing comes on stdin
            Process running = process;
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(running.getInputStream()),
                    Thread::startVirtualThread);
            Deque<String> stderrTail = new ArrayDeque<>();
            Thread stderr = Thread.startVirtualThread(() -> forward(running.getErrorStream(), stderrTail));
            if (!process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new StateMachineRunnerException("execution " + executionName + " of " + definition
                        + " did not finish within " + options.timeout() + "; look for a Wait/Choice loop that never "
                        + "ends, or raise ExecutionOptions.withTimeout");
            }
            stderr.join(TimeUnit.SECONDS.toMillis(10));
            String out = new String(stdout.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
            if (last.isEmpty()) {
                String tail;
                synchronized (stderrTail) {
                    tail = String.join("\n", stderrTail);
                }
                throw new StateMachineRunnerException("node exited with " + process.exitValue() + " without a result "
                        + "for execution " + executionName + " of " + definition + "; its last output:\n" + tail);
            }
            return json.readTree(last);
        } catch (IOException e) {
            throw new StateMachineRunnerException("cannot run " + node.node() + " for execution " + executionName
                    + " of " + definition + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateMachineRunnerException("interrupted while running execution " + executionName, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StateMachineRunnerException("cannot read the result of execution " + executionName, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (jobFile != null) {
                try {
                    Files.deleteIfExists(jobFile);
                } catch (IOException ignored) {
                    // the work directory is removed on close
                }
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void forward(InputStream in, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.accept(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_TAIL) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            log.accept("cannot read the node process's stderr: " + e.getMessage());
        }
    }

    /**
     * The text of {@code definition} with every {@code ${Name}} replaced by its JSON-string escaped value.
     *
     * @throws StateMachineRunnerException naming the placeholders that have no value
     */
    static String substitute(Path definition, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(definition);
        } catch (IOException e) {
            throw new StateMachineRunnerException("cannot read the state machine definition " + definition + ": "
                    + e.getMessage(), e);
        }
        try {
            return DefinitionSubstitution.substitute(text, values, definition.toString());
        } catch (IllegalArgumentException e) {
            throw new StateMachineRunnerException(e.getMessage() + "; pass them with ExecutionOptions.withSubstitution",
                    e);
        }
    }

    private JsonNode parse(String text, String what) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String machineName(Path definition) {
        String file = definition.getFileName().toString();
        return file.replaceFirst("(\\.asl)?\\.json$", "");
    }

    private static JsonNode nullIfJsonNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Removes the runner's temporary script and job files. */
    @Override
    public void close() {
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + workDir, e);
        }
    }
}
