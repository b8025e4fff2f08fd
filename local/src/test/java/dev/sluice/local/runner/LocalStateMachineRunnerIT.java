package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.pipeline.StepName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sluice.local.runner.RunnerFixture.JSON;
import static dev.sluice.local.runner.RunnerFixture.definition;
import static dev.sluice.local.runner.RunnerFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

/** The local runner with real node, real aws-local-stepfunctions and toy step functions in this JVM. */
class LocalStateMachineRunnerIT {

    private static final String TRANSIENT = TransientFailure.class.getName();
    private static final String SOURCE = SourceFailure.class.getName();
    private static final String EXECUTION_ARN = "arn:aws:states:us-east-1:000000000000:execution:";

    private final RunnerFixture fixture = new RunnerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void runsTaskChoiceWaitAndPassWithWaitsShortenedAndTheContextObject() {
        ConcurrentLinkedQueue<JsonNode> planInputs = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.PLAN, input -> {
            planInputs.add(read(input));
            return "{\"nothingNew\": false, \"run\": \"run-7\"}";
        });
        fixture.endpoint.register(StepName.COMMIT, input -> {
            assertThat(read(input).path("run").asText()).isEqualTo("run-7");
            return "{\"watermarkMoved\": true}";
        });

        Instant started = Instant.now();
        ExecutionResult result = fixture.runner.start(definition("happy-path.asl.json"),
                "{\"source\": \"demo\", \"table\": \"sales.orders\"}", "happy-1", ExecutionOptions.local());

        // The Wait state says one hour: the override (50 ms) is what ran.
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMinutes(2));
        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.enteredStates()).containsExactly("Plan", "NothingNew", "Pause", "Mark", "Commit");
        assertThat(result.output()).isEqualTo(read("""
                {"source": "demo", "table": "sales.orders",
                 "plan": {"nothingNew": false, "run": "run-7"}, "mark": {"marked": true},
                 "commit": {"watermarkMoved": true}}"""));
        JsonNode planInput = planInputs.peek();
        assertThat(planInput.path("executionId").asText()).isEqualTo(EXECUTION_ARN + "happy-path:happy-1");
        assertThat(planInput.path("executionName").asText()).isEqualTo("happy-1");
        assertThat(planInput.path("redriveCount").asInt(-1)).isZero();
        assertThat(planInput.path("request").path("table").asText()).isEqualTo("sales.orders");
        assertThat(result.taskInvocations()).extracting(TaskInvocation::function).containsExactly("Plan", "Commit");
    }

    @Test
    void choiceEndsTheRunWhenThereIsNothingNew() {
        fixture.endpoint.register(StepName.PLAN, input -> "{\"nothingNew\": true}");
        AtomicInteger commits = new AtomicInteger();
        fixture.endpoint.register(StepName.COMMIT, input -> {
            commits.incrementAndGet();
            return "{}";
        });

        ExecutionResult result = fixture.runner.start(definition("happy-path.asl.json"), "{}", "nothing-new",
                ExecutionOptions.local());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.enteredStates()).containsExactly("Plan", "NothingNew", "Done");
        assertThat(commits).hasValue(0);
    }

    @Test
    void retriesTransientFailuresByClassNameWithTheRetryIntervalShortened() {
        AtomicInteger calls = new AtomicInteger();
        fixture.endpoint.register(StepName.SEAL_RUN, input -> {
            if (calls.incrementAndGet() <= 2) {
                throw new TransientFailure("S3 throttled the manifest listing of run run-1 (attempt " + calls + ")");
            }
            return "{\"chunks\": 4}";
        });
        ConcurrentLinkedQueue<JsonNode> notified = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.NOTIFY, input -> {
            notified.add(read(input));
            return "{}";
        });

        Instant started = Instant.now();
        ExecutionResult result = fixture.runner.start(definition("retry-catch.asl.json"), "{\"run\": \"run-1\"}",
                "transient", ExecutionOptions.local());

        // Retry says 600 s then 1200 s: the 20 ms override is what ran.
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofMinutes(2));
        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<TaskInvocation> seals = result.invocationsOf("SealRun");
        assertThat(seals).extracting(TaskInvocation::errorType).containsExactly(TRANSIENT, TRANSIENT, null);
        assertThat(seals.get(0).errorMessage()).isEqualTo("S3 throttled the manifest listing of run run-1 (attempt 1)");
        assertThat(seals.get(2).output()).isEqualTo(read("{\"chunks\": 4}"));
        assertThat(result.output().path("seal").path("chunks").asInt()).isEqualTo(4);
        assertThat(notified).extracting(n -> n.path("outcome").asText()).containsExactly("SUCCEEDED");
        assertThat(result.invocationsOf("NotifySuccess")).extracting(TaskInvocation::function).containsExactly("Notify");
    }

    @Test
    void permanentFailureIsNotRetriedAndGoesToTheCatchWithLambdasErrorDocument() {
        AtomicInteger calls = new AtomicInteger();
        fixture.endpoint.register(StepName.SEAL_RUN, input -> {
            calls.incrementAndGet();
            throw new SourceFailure("chunk 3 of sales.orders run run-1 has no manifest: redrive after the extract");
        });
        ConcurrentLinkedQueue<JsonNode> notified = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.NOTIFY, input -> {
            notified.add(read(input));
            return "{}";
        });

        ExecutionResult result = fixture.runner.start(definition("retry-catch.asl.json"), "{\"run\": \"run-1\"}",
                "permanent", ExecutionOptions.local());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls).hasValue(1);
        assertThat(result.enteredStates()).containsExactly("SealRun", "SealRunFailed", "NotifyFailure");
        JsonNode failure = result.output().path("failure");
        assertThat(failure.path("Error").asText()).isEqualTo(SOURCE);
        JsonNode cause = read(failure.path("Cause").asText());
        assertThat(cause.path("errorType").asText()).isEqualTo(SOURCE);
        assertThat(cause.path("errorMessage").asText())
                .isEqualTo("chunk 3 of sales.orders run run-1 has no manifest: redrive after the extract");
        assertThat(cause.path("stackTrace").get(0).asText()).contains("LocalStateMachineRunnerIT");
        assertThat(result.output().path("failedStep")).isEqualTo(read("{\"step\": \"SealRun\", \"redriveCount\": 0}"));
        // NotifyFailure and NotifySuccess both route to the one Notify function by their Resource.
        assertThat(notified).hasSize(1);
        assertThat(notified.peek().path("outcome").asText()).isEqualTo("FAILED");
        assertThat(notified.peek().path("state").path("failure").path("Error").asText()).isEqualTo(SOURCE);
    }

    @Test
    void inlineMapRunsEveryItemWithTheConcurrencyFromItsPath() {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        ConcurrentLinkedQueue<JsonNode> chunks = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            // Each call waits (up to 5 s) for a second one beside it, so only the limit can stop a third.
            probe.enterAndAwait(2, Duration.ofSeconds(5));
            try {
                chunks.add(read(input));
                return "{\"rows\": 10}";
            } finally {
                probe.leave();
            }
        });
        String input = """
                {"plan": {"run": "run-9", "maxConcurrency": 2, "items": [
                  {"chunkIndex": 0}, {"chunkIndex": 1}, {"chunkIndex": 2},
                  {"chunkIndex": 3}, {"chunkIndex": 4}, {"chunkIndex": 5}]}}""";

        ExecutionResult result = fixture.runner.start(definition("inline-map.asl.json"), input, "inline-map",
                ExecutionOptions.local());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(probe.peak()).isEqualTo(2);
        assertThat(chunks).extracting(c -> c.path("chunkIndex").asInt()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("run").asText()).isEqualTo("run-9"));
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("position").asInt()).isEqualTo(c.path("chunkIndex").asInt()));
        assertThat(result.output().path("extracted").path("count").asInt()).isEqualTo(6);
    }

    @Test
    void distributedMapReadsItsItemsFromTheLakeThroughTheItemReaderEmulation() {
        InMemoryObjectStore lake = new InMemoryObjectStore();
        fixture.endpoint.bucket("sluice-lake", lake);
        fixture.endpoint.register(StepName.PLAN, input -> {
            StringBuilder items = new StringBuilder("[");
            for (int i = 0; i < 25; i++) {
                items.append(i == 0 ? "" : ",").append("{\"chunkIndex\": ").append(i).append('}');
            }
            lake.putIfAbsent("state/runs/run-3/items.json", items.append(']').toString()
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            return """
                    {"run": "run-3", "bucket": "sluice-lake", "itemsKey": "state/runs/run-3/items.json",
                     "distributed": true, "maxConcurrency": 4}""";
        });
        ConcurrentLinkedQueue<Integer> extracted = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            JsonNode item = read(input);
            assertThat(item.path("run").asText()).isEqualTo("run-3");
            extracted.add(item.path("chunkIndex").asInt());
            return "{}";
        });
        fixture.endpoint.register(StepName.SEAL_RUN, input -> "{\"chunks\": 25}");

        ExecutionResult result = fixture.runner.start(definition("distributed-map.asl.json"), "{\"table\": \"t\"}",
                "distributed", ExecutionOptions.local());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(extracted).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 25).boxed()
                .toList());
        assertThat(result.enteredStates()).containsExactly("Plan", "ExtractChunks", "SealRun");
        // The items never enter the state document (ResultPath null keeps the Map's input as it was).
        ObjectNode expected = (ObjectNode) read("{\"table\": \"t\", \"seal\": {\"chunks\": 25}}");
        expected.set("plan", read("""
                {"run": "run-3", "bucket": "sluice-lake", "itemsKey": "state/runs/run-3/items.json",
                 "distributed": true, "maxConcurrency": 4}"""));
        assertThat(result.output()).isEqualTo(expected);
    }

    @Test
    void missingItemListFailsTheDistributedMapIntoItsCatch() {
        fixture.endpoint.bucket("sluice-lake", new InMemoryObjectStore());
        fixture.endpoint.register(StepName.PLAN, input -> """
                {"run": "run-4", "bucket": "sluice-lake", "itemsKey": "state/runs/run-4/items.json", "maxConcurrency": 2}""");
        AtomicInteger extracts = new AtomicInteger();
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            extracts.incrementAndGet();
            return "{}";
        });

        ExecutionResult result = fixture.runner.start(definition("distributed-map.asl.json"), "{}", "no-items",
                ExecutionOptions.local());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.enteredStates()).containsExactly("Plan", "ExtractChunksFailed");
        assertThat(result.output().path("failure").path("Error").asText()).isEqualTo("States.ItemReaderFailed");
        assertThat(result.output().path("failure").path("Cause").asText())
                .contains("s3://sluice-lake/state/runs/run-4/items.json").contains("S3.NoSuchKey");
        assertThat(extracts).hasValue(0);
    }

    @Test
    void redriveOfADistributedMapReadsItsItemsAgain() {
        InMemoryObjectStore lake = new InMemoryObjectStore();
        fixture.endpoint.bucket("lake", lake);
        AtomicInteger plans = new AtomicInteger();
        fixture.endpoint.register(StepName.PLAN, input -> {
            plans.incrementAndGet();
            return "{\"distributed\": true, \"bucket\": \"lake\", \"itemsKey\": \"runs/r/items.json\"}";
        });
        ConcurrentLinkedQueue<Integer> extracted = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            extracted.add(read(input).path("chunkIndex").asInt());
            return "{}";
        });

        ExecutionResult failed = fixture.runner.start(definition("distributed-map-redrive.asl.json"), "{}",
                "items-late", ExecutionOptions.local());

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(failed.failedState()).isEqualTo("ExtractChunks");
        assertThat(failed.enteredStates()).containsExactly("Plan", "Distributed");

        lake.putIfAbsent("runs/r/items.json", "[{\"chunkIndex\": 0}, {\"chunkIndex\": 1}, {\"chunkIndex\": 2}, {\"chunkIndex\": 3}]"
                .getBytes(StandardCharsets.UTF_8), "application/json");
        ExecutionResult redriven = fixture.runner.redrive(failed);

        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(plans).hasValue(1);
        // ReaderConfig.MaxItems 3 keeps the first three items.
        assertThat(extracted).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(redriven.enteredStates()).containsExactly("ExtractChunks");
    }

    @Test
    void redriveContinuesAtTheFailedStateWithTheSameExecutionAndRedriveCountOne() {
        AtomicInteger plans = new AtomicInteger();
        fixture.endpoint.register(StepName.PLAN, input -> {
            plans.incrementAndGet();
            return "{\"run\": \"run-5\"}";
        });
        AtomicBoolean sourceDown = new AtomicBoolean(true);
        ConcurrentLinkedQueue<JsonNode> extractInputs = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            extractInputs.add(read(input));
            if (sourceDown.get()) {
                throw new SourceFailure("sales.orders: the source refused the connection; redrive once it is up");
            }
            return "{\"rows\": 3}";
        });
        fixture.endpoint.register(StepName.COMMIT, input -> "{\"watermarkMoved\": true}");

        ExecutionResult failed = fixture.runner.start(definition("redrive.asl.json"), "{\"table\": \"sales.orders\"}",
                "redrive-me", ExecutionOptions.local());

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.failedState()).isEqualTo("Extract");
        assertThat(failed.error()).isEqualTo(SOURCE);
        assertThat(read(failed.cause()).path("errorMessage").asText())
                .isEqualTo("sales.orders: the source refused the connection; redrive once it is up");
        assertThat(failed.failedStateInput()).isEqualTo(read(
                "{\"table\": \"sales.orders\", \"plan\": {\"run\": \"run-5\"}}"));

        sourceDown.set(false);
        ExecutionResult redriven = fixture.runner.redrive(failed);

        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.executionId()).isEqualTo(failed.executionId())
                .isEqualTo(EXECUTION_ARN + "redrive:redrive-me");
        assertThat(plans).hasValue(1);
        assertThat(redriven.taskInvocations()).extracting(TaskInvocation::state).containsExactly("Extract", "Commit");
        assertThat(redriven.enteredStates()).containsExactly("Extract", "Commit");
        assertThat(extractInputs).extracting(i -> i.path("redriveCount").asInt()).containsExactly(0, 1);
        assertThat(extractInputs).extracting(i -> i.path("executionId").asText())
                .containsOnly(EXECUTION_ARN + "redrive:redrive-me");
        assertThat(redriven.output()).isEqualTo(read("""
                {"table": "sales.orders", "plan": {"run": "run-5"}, "extract": {"rows": 3},
                 "commit": {"watermarkMoved": true}}"""));
    }

    @Test
    void redriveAtNotifyFailureResumesTheFailedStepAsThePipelineDesignSays() {
        fixture.endpoint.register(StepName.PLAN, input -> "{\"run\": \"run-6\"}");
        AtomicBoolean sourceDown = new AtomicBoolean(true);
        fixture.endpoint.register(StepName.EXTRACT_CHUNK, input -> {
            if (sourceDown.get()) {
                throw new SourceFailure("sales.orders: login failed; fix the credentials and redrive");
            }
            return "{\"rows\": 1}";
        });
        // docs/PIPELINE.md: rethrow the first time, resume when the redrive count is higher than the recorded one.
        fixture.endpoint.register(StepName.NOTIFY, input -> {
            JsonNode request = read(input);
            JsonNode failedStep = request.path("state").path("failedStep");
            if (request.path("redriveCount").asInt() == failedStep.path("redriveCount").asInt()) {
                JsonNode cause = JSON.readTree(request.path("state").path("failure").path("Cause").asText());
                throw new SourceFailure(cause.path("errorMessage").asText());
            }
            return "{\"resumeAt\": \"" + failedStep.path("step").asText() + "\"}";
        });
        fixture.endpoint.register(StepName.COMMIT, input -> "{}");

        ExecutionResult failed = fixture.runner.start(definition("redrive-notify.asl.json"), "{}", "notify-redrive",
                ExecutionOptions.local());

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.failedState()).isEqualTo("NotifyFailure");
        assertThat(failed.error()).isEqualTo(SOURCE);
        assertThat(read(failed.cause()).path("errorMessage").asText())
                .isEqualTo("sales.orders: login failed; fix the credentials and redrive");

        sourceDown.set(false);
        ExecutionResult redriven = fixture.runner.redrive(failed);

        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.enteredStates()).containsExactly("NotifyFailure", "Resume", "Extract", "Commit");
        assertThat(redriven.taskInvocations()).extracting(TaskInvocation::function)
                .containsExactly("Notify", "ExtractChunk", "Commit");
        assertThat(redriven.output().path("resume").path("resumeAt").asText()).isEqualTo("Extract");
    }

    @Test
    void succeededExecutionCannotBeRedriven() {
        fixture.endpoint.register(StepName.PLAN, input -> "{\"nothingNew\": true}");
        ExecutionResult done = fixture.runner.start(definition("happy-path.asl.json"), "{}", "done",
                ExecutionOptions.local());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.runner.redrive(done))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ended SUCCEEDED");
    }

    @Test
    void unregisteredFunctionFailsTheTaskNamingWhatIsRegistered() {
        fixture.endpoint.register(StepName.PLAN, input -> "{\"run\": \"r\"}");

        ExecutionResult result = fixture.runner.start(definition("redrive.asl.json"), "{}", "unregistered",
                ExecutionOptions.local());

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.failedState()).isEqualTo("Extract");
        assertThat(result.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(read(result.cause()).path("errorMessage").asText()).contains("ExtractChunk").contains("[Plan]");
    }

    @Test
    void optimizedLambdaIntegrationCallsTheFunctionWithThePayloadAndWrapsItsResult() {
        ConcurrentLinkedQueue<JsonNode> notified = new ConcurrentLinkedQueue<>();
        fixture.endpoint.register(StepName.NOTIFY, input -> {
            notified.add(read(input));
            return "{\"messageId\": \"m-1\"}";
        });

        ExecutionResult result = fixture.runner.start(definition("lambda-invoke.asl.json"), "{\"run\": \"r-2\"}",
                "optimized", ExecutionOptions.local());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(notified).containsExactly(read("{\"outcome\": \"SUCCEEDED\", \"run\": \"r-2\"}"));
        assertThat(result.output().path("notify")).isEqualTo(read("{\"status\": 200, \"sent\": {\"messageId\": \"m-1\"}}"));
        assertThat(result.taskInvocations()).extracting(TaskInvocation::function).containsExactly("Notify");
    }

    @Test
    void definitionTimeoutEndsTheExecutionTimedOutInTheStateItWasIn() {
        ExecutionResult result = fixture.runner.start(definition("timeout.asl.json"), "{}", "timed-out",
                ExecutionOptions.local().withWaits(null));

        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.failedState()).isEqualTo("Pause");
        assertThat(result.status().redrivable()).isTrue();
    }

    @Test
    void taskWithoutTimeoutSecondsGetsTheConfiguredTaskTimeout() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        fixture.endpoint.register(StepName.PLAN, input -> {
            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
            return "{\"nothingNew\": true}";
        });

        ExecutionResult result = fixture.runner.start(definition("happy-path.asl.json"), "{}", "slow-task",
                ExecutionOptions.local().withTaskTimeout(Duration.ofSeconds(2)));
        release.countDown();

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.failedState()).isEqualTo("Plan");
    }

    @Test
    void runnerStopsAnExecutionThatOutlastsItsTimeout() {
        fixture.endpoint.register(StepName.PLAN, input -> "{\"nothingNew\": false, \"run\": \"r\"}");
        // The per-state wait (10 minutes) wins over the default 50 ms, and the runner's limit stops it.
        ExecutionOptions options = ExecutionOptions.local().withWait("Pause", Duration.ofMinutes(10))
                .withTimeout(Duration.ofSeconds(20));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.runner.start(
                        definition("happy-path.asl.json"), "{}", "too-slow", options))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("execution too-slow of")
                .hasMessageContaining("did not finish within PT20S");
    }

    /** Counts the calls in flight and their peak; a call can wait until enough are in flight. */
    private static final class ConcurrencyProbe {
        private int inFlight;
        private int peak;

        synchronized void enterAndAwait(int atLeast, Duration limit) throws InterruptedException {
            inFlight++;
            peak = Math.max(peak, inFlight);
            notifyAll();
            long deadline = System.nanoTime() + limit.toNanos();
            while (inFlight < atLeast && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }

        synchronized void leave() {
            inFlight--;
        }

        synchronized int peak() {
            return peak;
        }
    }
}
