package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineStep;
import dev.sluice.core.pipeline.RunRef;
import dev.sluice.core.pipeline.StepName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class StepHandlerTest {

    /** ExtractChunk's shape: {@code {"run", "chunkIndex"}} in, {@code {chunkId, rows, bytes, extracted}} out. */
    record ChunkInput(RunRef run, int chunkIndex) {
    }

    record ChunkOutput(String chunkId, long rows, long bytes, Instant extracted) {
    }

    /** A step whose behaviour each test sets; it records what it received and the log keys it saw. */
    static final class FakeStep implements PipelineStep<ChunkInput, ChunkOutput> {
        static Function<ChunkInput, ChunkOutput> behaviour = in -> null;
        final List<ChunkInput> received = new ArrayList<>();
        final List<Map<String, String>> logKeys = new ArrayList<>();
        final PipelineContext context;

        FakeStep(PipelineContext context) {
            this.context = context;
        }

        @Override
        public Class<ChunkInput> inputType() {
            return ChunkInput.class;
        }

        @Override
        public ChunkOutput run(ChunkInput input) {
            received.add(input);
            Map<String, String> keys = new HashMap<>();
            for (String k : List.of("step", "table", "runId", "chunk")) {
                keys.put(k, MDC.get(k));
            }
            logKeys.add(keys);
            return behaviour.apply(input);
        }
    }

    /** Declared exactly as the lead's concrete handlers are: a step name and a constructor reference. */
    static final class ExtractChunkHandler extends StepHandler<ChunkInput, ChunkOutput> {
        ExtractChunkHandler(PipelineContext c) {
            super(StepName.EXTRACT_CHUNK, FakeStep::new, c);
        }
    }

    static final class CommitHandler extends StepHandler<ChunkInput, ChunkOutput> {
        CommitHandler(PipelineContext c) {
            super(StepName.COMMIT, FakeStep::new, c);
        }
    }

    static final String INPUT = """
            {"run": {"source": "demo", "table": "sales.orders", "runId": "r-20260101", "executionId": "exec-1"},
             "chunkIndex": 3,
             "plan": {"chunkCount": 9, "items": [{"chunkIndex": 0}]},
             "somethingTheStateMachineAdded": true}""";

    static final ChunkOutput OUTPUT = new ChunkOutput("c-3", 1234, 56789, Instant.parse("2026-01-01T00:00:01.5Z"));

    @Test
    void bindsTheInputIgnoringUnknownFieldsAndWritesTheOutputExactly() {
        FakeStep.behaviour = in -> OUTPUT;
        FakeStep[] made = new FakeStep[1];
        StepHandler<ChunkInput, ChunkOutput> handler = new StepHandler<>(StepName.EXTRACT_CHUNK, c -> {
            made[0] = new FakeStep(c);
            return made[0];
        }, TestContexts::context, StepMetrics.none(), StepTracer.none()) {
        };

        String out = handler.invoke(INPUT);

        assertThat(out).isEqualTo(
                "{\"chunkId\":\"c-3\",\"rows\":1234,\"bytes\":56789,\"extracted\":\"2026-01-01T00:00:01.500Z\"}");
        assertThat(made[0].received).containsExactly(
                new ChunkInput(new RunRef("demo", "sales.orders", "r-20260101", "exec-1"), 3));
    }

    @Test
    void buildsTheStepOnceAndRunsItForEveryInvocation() {
        FakeStep.behaviour = in -> OUTPUT;
        AtomicInteger built = new AtomicInteger();
        StepHandler<ChunkInput, ChunkOutput> handler = new StepHandler<>(StepName.EXTRACT_CHUNK, c -> {
            built.incrementAndGet();
            return new FakeStep(c);
        }, TestContexts::context, StepMetrics.none(), StepTracer.none()) {
        };

        handler.invoke(INPUT);
        handler.invoke(INPUT);

        assertThat(built).hasValue(1);
    }

    @Test
    void theStreamEntryPointWritesWhatInvokeReturns() throws IOException {
        FakeStep.behaviour = in -> OUTPUT;
        ExtractChunkHandler handler = new ExtractChunkHandler(TestContexts.context());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(handler.invoke(INPUT));
        assertThat(handler.step()).isEqualTo(StepName.EXTRACT_CHUNK);
    }

    @Test
    void theStepSeesTheLogKeysAndTheyAreClearedAfterwards() {
        FakeStep.behaviour = in -> OUTPUT;
        FakeStep[] made = new FakeStep[1];
        StepHandler<ChunkInput, ChunkOutput> handler = new StepHandler<>(StepName.EXTRACT_CHUNK, c -> {
            made[0] = new FakeStep(c);
            return made[0];
        }, TestContexts::context, StepMetrics.none(), StepTracer.none()) {
        };

        handler.invoke(INPUT);

        assertThat(made[0].logKeys.get(0)).containsEntry("step", "ExtractChunk")
                .containsEntry("table", "demo.sales.orders").containsEntry("runId", "r-20260101")
                .containsEntry("chunk", "3");
        assertThat(MDC.get("table")).isNull();
        assertThat(MDC.get("step")).isNull();
    }

    @Test
    void aSluiceFailurePropagatesAsItIs() {
        SchemaDriftFailure drift = new SchemaDriftFailure("column Total changed from decimal(10,2) to float in"
                + " demo.sales.orders: approve it in config");
        FakeStep.behaviour = in -> {
            throw drift;
        };

        Throwable thrown = catchThrowableOfType(SluiceFailure.class,
                () -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT));

        assertThat(thrown).isSameAs(drift);
        assertThat(thrown.getClass().getName()).isEqualTo("dev.sluice.core.failure.SchemaDriftFailure");
    }

    @Test
    void aSluiceFailureCarryingALoginIsRebuiltAsTheSameClassWithoutIt() {
        FakeStep.behaviour = in -> {
            throw new SourceFailure("cannot connect to jdbc:postgresql://db:5432/sales?user=loader&password=hunter2",
                    new SQLException("FATAL: password authentication failed for user=loader password=hunter2"));
        };

        SourceFailure thrown = catchThrowableOfType(SourceFailure.class,
                () -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT));

        assertThat(thrown.getMessage()).doesNotContain("hunter2").doesNotContain("loader")
                .contains("jdbc:postgresql://db:5432/sales?user=***&password=***");
        assertThat(thrown.getCause().getMessage()).doesNotContain("hunter2")
                .startsWith("java.sql.SQLException: FATAL");
    }

    @Test
    void aThrottledOrBrokenAwsCallBecomesTransient() {
        AwsServiceException throttled = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                        .errorMessage("Rate exceeded").build()).build();
        AwsServiceException unavailable = AwsServiceException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable")
                        .errorMessage("try later").build()).build();
        SdkClientException reset = SdkClientException.create("Unable to execute HTTP request",
                new SocketException("Connection reset"));

        for (RuntimeException e : List.of(throttled, unavailable, reset,
                new UncheckedIOException(new IOException("broken pipe")))) {
            FakeStep.behaviour = in -> {
                throw e;
            };
            TransientFailure thrown = catchThrowableOfType(TransientFailure.class,
                    () -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT));
            assertThat(thrown.getMessage()).as(e.toString())
                    .startsWith("ExtractChunk failed transiently (the state machine retries it) for table"
                            + " demo.sales.orders run r-20260101 chunk 3: ");
            assertThat(thrown.getCause()).isInstanceOf(SecretRedaction.RedactedException.class);
            assertThat(thrown.getCause().getMessage()).startsWith(e.getClass().getName());
        }
    }

    @Test
    void aPermanentAwsErrorIsAConfigurationFailureExceptInTheLoadStepsWhereItIsALoadFailure() {
        AwsServiceException denied = AwsServiceException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("not allowed to s3:PutObject").build()).build();
        FakeStep.behaviour = in -> {
            throw denied;
        };

        ConfigurationFailure extract = catchThrowableOfType(ConfigurationFailure.class,
                () -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT));
        assertThat(extract.getMessage()).contains("ExtractChunk failed for table demo.sales.orders run r-20260101"
                + " chunk 3: AccessDenied: not allowed to s3:PutObject");

        StepHandler<ChunkInput, ChunkOutput> load = new StepHandler<>(StepName.CHECK_LOAD, FakeStep::new,
                TestContexts.context()) {
        };
        assertThatThrownBy(() -> load.invoke(INPUT)).isExactlyInstanceOf(LoadFailure.class)
                .hasMessageContaining("CheckLoad failed for table demo.sales.orders");
    }

    @Test
    void anUnexpectedExceptionTakesThePermanentClassOfTheStepsDomain() {
        FakeStep.behaviour = in -> {
            throw new IllegalStateException("manifest of chunk 3 is missing its row count");
        };

        assertThatThrownBy(() -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT))
                .isExactlyInstanceOf(SourceFailure.class)
                .hasMessageContaining("ExtractChunk failed for table demo.sales.orders run r-20260101 chunk 3:"
                        + " IllegalStateException: manifest of chunk 3 is missing its row count");
        assertThatThrownBy(() -> new CommitHandler(TestContexts.context()).invoke(INPUT))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("Commit failed for table demo.sales.orders run r-20260101");
    }

    @Test
    void aJdbcConnectionErrorIsTransientAndAnyOtherJdbcErrorIsASourceFailure() {
        FakeStep.behaviour = in -> {
            throw new RuntimeException(new SQLException("Connection refused to host db", "08001"));
        };
        assertThatThrownBy(() -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT))
                .isExactlyInstanceOf(TransientFailure.class);

        FakeStep.behaviour = in -> {
            throw sneaky(new SQLException("permission denied for table orders", "42501"));
        };
        assertThatThrownBy(() -> new CommitHandler(TestContexts.context()).invoke(INPUT))
                .isExactlyInstanceOf(SourceFailure.class)
                .hasMessageContaining("permission denied for table orders");
    }

    @Test
    void translatedMessagesNeverCarryALogin() {
        FakeStep.behaviour = in -> {
            throw new IllegalStateException("cannot open jdbc:sqlserver://sales:1433;databaseName=Sales;"
                    + "user=sa;password=Pa55word!;encrypt=true",
                    new IllegalArgumentException("secret was {\"username\":\"sa\",\"password\":\"Pa55word!\"}"));
        };

        SluiceFailure thrown = catchThrowableOfType(SluiceFailure.class,
                () -> new ExtractChunkHandler(TestContexts.context()).invoke(INPUT));

        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        assertThat(messages).hasSize(3).allSatisfy(m -> assertThat(m).doesNotContain("Pa55word!"));
        assertThat(thrown.getMessage()).contains(";user=***;password=***;encrypt=true");
    }

    @Test
    void anInputThatIsNotTheStepsShapeIsAConfigurationFailureNamingTheStepAndRecord() {
        FakeStep.behaviour = in -> OUTPUT;
        ExtractChunkHandler handler = new ExtractChunkHandler(TestContexts.context());

        assertThatThrownBy(() -> handler.invoke("{\"run\": {\"source\": \"demo\", \"table\": \"sales.orders\","
                + " \"runId\": \"r-1\", \"executionId\": \"e\"}, \"chunkIndex\": \"three\"}"))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("ExtractChunk input for table demo.sales.orders run r-1")
                .hasMessageContaining("does not match ChunkInput");
        assertThatThrownBy(() -> handler.invoke("{\"run\": "))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("ExtractChunk input is not valid JSON");
        assertThatThrownBy(() -> handler.invoke("[1, 2]"))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("ExtractChunk input is not a JSON object");
    }

    @Test
    void publishesTheChunkMetricsFromTheOutputAndTheDurationOfEveryInvocation() {
        List<StepMeasurement> published = new ArrayList<>();
        FakeStep.behaviour = in -> OUTPUT;
        StepHandler<ChunkInput, ChunkOutput> handler = new StepHandler<>(StepName.EXTRACT_CHUNK, FakeStep::new,
                TestContexts::context, published::addAll, StepTracer.none()) {
        };

        handler.invoke(INPUT);

        assertThat(published).extracting(StepMeasurement::name).containsExactlyInAnyOrder(
                "StepDurationSeconds", "ChunkDurationSeconds", "RowsExtracted", "BytesExtracted");
        assertThat(published).filteredOn(m -> m.name().equals("RowsExtracted")).singleElement()
                .satisfies(m -> {
                    assertThat(m.value()).isEqualTo(1234.0);
                    assertThat(m.unit()).isEqualTo(StepMeasurement.Unit.COUNT);
                    assertThat(m.dimensions()).isEqualTo(Map.of("Table", "demo.sales.orders"));
                });
        assertThat(published).filteredOn(m -> m.name().equals("BytesExtracted")).singleElement()
                .extracting(StepMeasurement::value).isEqualTo(56789.0);
        assertThat(published).filteredOn(m -> m.name().equals("StepDurationSeconds")).singleElement()
                .extracting(StepMeasurement::dimensions)
                .isEqualTo(Map.of("Table", "demo.sales.orders", "Step", "ExtractChunk"));

        published.clear();
        FakeStep.behaviour = in -> {
            throw new LoadFailure("staged 3 rows, manifests say 4");
        };
        assertThatThrownBy(() -> handler.invoke(INPUT)).isInstanceOf(LoadFailure.class);
        assertThat(published).extracting(StepMeasurement::name).containsExactly("StepDurationSeconds");
    }

    @Test
    void theTraceRecordsTheTranslatedFailureAndIsClosed() {
        List<String> events = new ArrayList<>();
        StepTracer tracer = (step, keys) -> {
            events.add("begin " + step.id() + " " + keys.qualifiedTable() + " " + keys.runId());
            return new StepTracer.Span() {
                @Override
                public void fail(Throwable failure) {
                    events.add("fail " + failure.getClass().getSimpleName() + " " + failure.getMessage());
                }

                @Override
                public void close() {
                    events.add("close");
                }
            };
        };
        FakeStep.behaviour = in -> {
            throw new IllegalStateException("bad password=swordfish");
        };
        StepHandler<ChunkInput, ChunkOutput> handler = new StepHandler<>(StepName.EXTRACT_CHUNK, FakeStep::new,
                TestContexts::context, StepMetrics.none(), tracer) {
        };

        assertThatThrownBy(() -> handler.invoke(INPUT)).isInstanceOf(SourceFailure.class);

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo("begin ExtractChunk demo.sales.orders r-20260101");
        assertThat(events.get(1)).startsWith("fail SourceFailure ExtractChunk failed").contains("password=***")
                .doesNotContain("swordfish");
        assertThat(events.get(2)).isEqualTo("close");
    }

    @Test
    void localModeGetsAHandlerOnItsContextByStepName() {
        FakeStep.behaviour = in -> OUTPUT;
        StepHandler<?, ?> byClass = StepHandler.withContext(ExtractChunkHandler.class, TestContexts.context());
        StepHandler<?, ?> byStep = StepHandler.withContext(StepName.EXTRACT_CHUNK, TestContexts.context(),
                name -> {
                    assertThat(name).isEqualTo("dev.sluice.lambda.handler.ExtractChunkHandler");
                    return ExtractChunkHandler.class;
                });

        assertThat(byClass).isInstanceOf(ExtractChunkHandler.class);
        assertThat(byStep.invoke(INPUT)).isEqualTo(byClass.invoke(INPUT)).contains("\"rows\":1234");
        assertThatThrownBy(() -> StepHandler.withContext(StepName.PLAN, TestContexts.context(), name -> {
            throw new ClassNotFoundException(name);
        })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no handler class dev.sluice.lambda.handler.PlanHandler for step Plan");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
