package dev.sluice.local.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineSettings;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.lambda.handler.StepHandler;
import dev.sluice.local.runner.ExecutionOptions;
import dev.sluice.local.runner.ExecutionResult;
import dev.sluice.local.runner.LocalFunction;
import dev.sluice.local.runner.LocalLambdaEndpoint;
import dev.sluice.local.runner.LocalStateMachineRunner;
import dev.sluice.local.runner.NodeRuntime;
import dev.sluice.local.stand.LocalPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One table run in local mode, end to end: the real {@code statemachines/migrate-table.asl.json} executed by the local
 * state machine runner, every Task forwarded to the real Lambda handler of its step, wired to local mode's context
 * (S3Proxy lake, DuckDB catalog, query engine and warehouse, the source over JDBC, notifications to a file).
 */
public final class LocalMigration implements AutoCloseable {

    /** The state machine every table run executes, relative to the repository root. */
    public static final Path STATE_MACHINE = Path.of("statemachines", "migrate-table.asl.json");

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS")
            .withZone(ZoneOffset.UTC);

    private final LocalPipeline pipeline;
    private final Path definition;
    private final LocalLambdaEndpoint endpoint;
    private final LocalStateMachineRunner runner;
    private final ExecutionOptions options;
    private final Clock clock;

    /**
     * @param pipeline   local mode's context
     * @param definition the state machine file
     * @param functions  wraps each step's handler before it is registered (fault injection in tests; identity
     *                   otherwise)
     */
    public LocalMigration(LocalPipeline pipeline, Path definition,
                          BiFunction<StepName, LocalFunction, LocalFunction> functions) {
        this(pipeline, definition, functions, pipeline.context().settings().inlineChunkLimit());
    }

    /**
     * As above, with plans of more than {@code inlineChunkLimit} chunks extracted by the Distributed Map (its
     * ItemReader emulated by the runner) rather than the inline Map.
     */
    public LocalMigration(LocalPipeline pipeline, Path definition,
                          BiFunction<StepName, LocalFunction, LocalFunction> functions, int inlineChunkLimit) {
        this(pipeline, definition, functions, inlineChunkLimit, NodeRuntime.locate(),
                line -> System.getLogger(LocalMigration.class.getName()).log(System.Logger.Level.INFO, line));
    }

    /**
     * As above, running the state machine on {@code node}, with the node process's stderr lines (the runner's own
     * diagnostics) going to {@code runnerLog}.
     */
    public LocalMigration(LocalPipeline pipeline, Path definition,
                          BiFunction<StepName, LocalFunction, LocalFunction> functions, int inlineChunkLimit,
                          NodeRuntime node, Consumer<String> runnerLog) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.definition = Objects.requireNonNull(definition, "definition");
        if (!Files.isRegularFile(definition)) {
            throw new IllegalArgumentException("state machine " + definition + " does not exist: run from the "
                    + "repository root (where statemachines/ is) or pass the file");
        }
        PipelineContext local = pipeline.context();
        PipelineSettings s = local.settings();
        PipelineContext context = new PipelineContext(local.config(), local.lake(), local.layout(), local.sources(),
                local.catalog(), local.queries(), local.warehouse(), local.notifier(), local.clock(),
                new PipelineSettings(s.catalogDatabase(), s.queryWorkgroup(), s.queryDialect(), s.loadDialect(),
                        s.loadSource(), inlineChunkLimit, s.leaseDuration()));
        this.endpoint = LocalLambdaEndpoint.start();
        for (StepName step : StepName.values()) {
            StepHandler<?, ?> handler = StepHandler.withContext(step, context);
            endpoint.register(step, functions.apply(step, handler::invoke));
        }
        endpoint.bucket(context.layout().bucket(), context.lake());
        LocalStateMachineRunner started;
        try {
            started = new LocalStateMachineRunner(endpoint, node, runnerLog);
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
        this.runner = started;
        this.options = ExecutionOptions.local();
        this.clock = context.clock();
    }

    /** Local mode with every handler as it is. */
    public LocalMigration(LocalPipeline pipeline, Path definition) {
        this(pipeline, definition, (step, function) -> function);
    }

    /** Runs one execution for {@code request} to its end. */
    public ExecutionResult run(RunRequest request) {
        String name = ("sluice-" + request.source() + "-" + request.table() + "-" + NAME_TIME.format(clock.instant()))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return run(request, name);
    }

    /** Runs one execution named {@code executionName} for {@code request} to its end. */
    public ExecutionResult run(RunRequest request, String executionName) {
        String input;
        try {
            input = LakeJson.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run request of " + request.table() + " cannot be written as JSON", e);
        }
        return runner.start(definition, input, executionName, options);
    }

    /** Redrives a failed execution from the state that failed it, as the console's Redrive does. */
    public ExecutionResult redrive(ExecutionResult failed) {
        return runner.redrive(failed);
    }

    /** Local mode's context. */
    public LocalPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            endpoint.close();
        }
    }
}
