package dev.sluice.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineStep;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.lambda.aws.AwsPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Lambda function of one pipeline step: binds the state's JSON to the step's input record, runs the step (a core
 * use case, {@code dev.sluice.core.pipeline.<Step>Step}), and writes its output record back as JSON. A concrete
 * handler is one line of wiring:
 *
 * <pre>{@code
 * public final class PlanHandler extends StepHandler<PlanInput, PlanResult> {
 *     public PlanHandler() { super(StepName.PLAN, PlanStep::new); }
 *     PlanHandler(PipelineContext c) { super(StepName.PLAN, PlanStep::new, c); }
 * }
 * }</pre>
 *
 * <p>The public no-arg constructor (what Lambda calls) wires the AWS adapters once per container, lazily, through
 * {@link AwsPipeline#shared}; the constructor taking a {@link PipelineContext} is for tests and local mode, which
 * get a handler with {@link #withContext(StepName, PipelineContext)} and call {@link #invoke(String)} without the
 * Lambda runtime.
 *
 * <p>JSON: unknown input fields are ignored (the state document grows beside each step's input); the output is the
 * record as Jackson writes it (components in declaration order, instants as ISO-8601 strings).
 *
 * <p>Failures: what leaves is always a {@link SluiceFailure} (its fully qualified class name is the Lambda
 * {@code errorType} the state machine matches); see {@link StepFailures} for the translation and
 * {@link SecretRedaction} for the safety net on messages. Each invocation logs JSON with the keys {@code step},
 * {@code table}, {@code runId} and {@code chunk}, publishes its metrics ({@link StepMeasurement}) and is traced as an
 * X-Ray subsegment when the function has active tracing.
 *
 * @param <I> the step's input record
 * @param <O> the step's output record
 */
public abstract class StepHandler<I, O> implements RequestStreamHandler {

    /** The JSON form of step inputs and outputs. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final Logger LOG = LoggerFactory.getLogger(StepHandler.class);

    private final StepName step;
    private final Function<PipelineContext, ? extends PipelineStep<I, O>> factory;
    private final Supplier<PipelineContext> contexts;
    private final StepMetrics metrics;
    private final StepTracer tracer;
    private volatile PipelineStep<I, O> pipelineStep;

    /**
     * The Lambda runtime's path: the AWS composition root is built on first use, once per container, from the
     * function's environment ({@link AwsPipeline}); metrics go to CloudWatch (EMF) and traces to X-Ray.
     */
    protected StepHandler(StepName step, Function<PipelineContext, ? extends PipelineStep<I, O>> factory) {
        this(step, factory, () -> AwsPipeline.shared(step).context(),
                PowertoolsStepMetrics.fromEnvironment(System.getenv()), StepTracer.fromEnvironment(System.getenv()));
        if (SnapStartPriming.snapshotting(System.getenv())) {
            prime();
        }
    }

    /**
     * Before a SnapStart snapshot: the composition root (config validated, clients built, nothing connected), the
     * step, and the Parquet write path. A failure here is logged, not thrown: the first invocation builds again and
     * reports it as its failure class.
     */
    private void prime() {
        try {
            pipelineStep();
            SnapStartPriming.prime();
        } catch (RuntimeException e) {
            LOG.warn("{} priming before the snapshot failed (the first invocation retries): {}", step.id(),
                    SecretRedaction.redact(e.getMessage()));
        }
    }

    /** Tests and local mode: the step runs on {@code context}; no metrics, no tracing. */
    protected StepHandler(StepName step, Function<PipelineContext, ? extends PipelineStep<I, O>> factory,
                          PipelineContext context) {
        this(step, factory, supplierOf(context), StepMetrics.none(), StepTracer.none());
    }

    /** Everything explicit (tests of the telemetry). */
    StepHandler(StepName step, Function<PipelineContext, ? extends PipelineStep<I, O>> factory,
                Supplier<PipelineContext> contexts, StepMetrics metrics, StepTracer tracer) {
        this.step = Objects.requireNonNull(step, "step");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    private static Supplier<PipelineContext> supplierOf(PipelineContext context) {
        Objects.requireNonNull(context, "context");
        return () -> context;
    }

    /**
     * The handler of {@code step} ({@code dev.sluice.lambda.handler.<Step>Handler}) running on {@code context}, built
     * through its {@code PipelineContext} constructor: how local mode gets a handler to {@link #invoke(String)}
     * without the Lambda runtime.
     *
     * @throws IllegalStateException when the handler class or its context constructor is missing
     */
    public static StepHandler<?, ?> withContext(StepName step, PipelineContext context) {
        return withContext(step, context, name -> Class.forName(name, true, StepHandler.class.getClassLoader()));
    }

    /** A class by name, for {@link #withContext(StepName, PipelineContext)}. */
    @FunctionalInterface
    interface ClassResolver {
        Class<?> resolve(String name) throws ClassNotFoundException;
    }

    static StepHandler<?, ?> withContext(StepName step, PipelineContext context, ClassResolver classes) {
        String name = StepHandler.class.getPackageName() + "." + step.handlerClassName();
        Class<?> type;
        try {
            type = classes.resolve(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no handler class " + name + " for step " + step.id()
                    + ": every StepName has one (see StepHandler's javadoc)", e);
        }
        if (!StepHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException(name + " is not a StepHandler");
        }
        @SuppressWarnings("unchecked")
        Class<? extends StepHandler<?, ?>> handler = (Class<? extends StepHandler<?, ?>>) type;
        return withContext(handler, context);
    }

    /** The handler {@code type} running on {@code context} (its constructor taking a {@link PipelineContext}). */
    public static <H extends StepHandler<?, ?>> H withContext(Class<H> type, PipelineContext context) {
        try {
            java.lang.reflect.Constructor<H> constructor = type.getDeclaredConstructor(PipelineContext.class);
            constructor.setAccessible(true);
            return constructor.newInstance(context);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no constructor taking a PipelineContext: declare"
                    + " one calling super(step, Step::new, context)", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("building " + type.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + " on a PipelineContext", e);
        }
    }

    /** The step this handler runs. */
    public final StepName step() {
        return step;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String in = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Supplier<String> run = () -> invoke(in);
        String out = context == null ? run.get() : LambdaLogging.with(context, run);
        output.write(out.getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    /**
     * Runs the step on {@code inputJson} (the state's input after the ASL's Parameters) and returns its output JSON:
     * what local mode calls for each Task state.
     *
     * @throws SluiceFailure on any failure, as the Lambda function would report it
     */
    public final String invoke(String inputJson) {
        long start = System.nanoTime();
        JsonNode input = null;
        StepKeys keys = StepKeys.NONE;
        JsonNode output = null;
        try {
            input = parse(inputJson);
            keys = StepKeys.ofInput(input);
        } catch (SluiceFailure e) {
            LOG.error("{} rejected its input: {}", step.id(), e.getMessage());
            throw e;
        }
        putKeys(keys);
        try (StepTracer.Span span = tracer.begin(step, keys)) {
            try {
                PipelineStep<I, O> s = pipelineStep();
                I bound = bind(input, s.inputType(), keys);
                O result = s.run(bound);
                output = JSON.valueToTree(result);
                keys = keys.with(output);
                putKeys(keys);
                String json = write(output);
                LOG.info("{} finished in {} ms", step.id(), Duration.ofNanos(System.nanoTime() - start).toMillis());
                return json;
            } catch (Exception e) { // a checked exception can still be thrown (sneakily) by step code
                SluiceFailure failure = StepFailures.translate(step, keys, e);
                span.fail(failure);
                LOG.error("{} failed ({}, {}): {}", step.id(), failure.failureClass().label(),
                        failure.getClass().getName(), failure.getMessage());
                throw failure;
            }
        } finally {
            List<StepMeasurement> measurements = StepMeasurement.of(step, keys,
                    Duration.ofNanos(System.nanoTime() - start), output);
            metrics.publish(measurements);
            clearKeys();
        }
    }

    private PipelineStep<I, O> pipelineStep() {
        PipelineStep<I, O> s = pipelineStep;
        if (s == null) {
            synchronized (this) {
                s = pipelineStep;
                if (s == null) {
                    s = Objects.requireNonNull(factory.apply(contexts.get()), "step factory returned null");
                    pipelineStep = s;
                }
            }
        }
        return s;
    }

    private String write(JsonNode output) {
        try {
            return JSON.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            // Not an I/O problem (the target is a string): a bug in the step's output record, never retried.
            throw new IllegalStateException(step.id() + " output cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private JsonNode parse(String inputJson) {
        try {
            JsonNode node = JSON.readTree(inputJson == null ? "" : inputJson);
            if (node == null || !node.isObject()) {
                throw StepFailures.configuration(step.id() + " input is not a JSON object: check the "
                        + step.id() + " state's Parameters in statemachines/migrate-table.asl.json", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw StepFailures.configuration(step.id() + " input is not valid JSON (" + e.getOriginalMessage()
                    + "): check the " + step.id() + " state's Parameters in statemachines/migrate-table.asl.json",
                    null);
        }
    }

    private I bind(JsonNode input, Class<I> type, StepKeys keys) {
        try {
            return JSON.treeToValue(input, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
            throw StepFailures.configuration(step.id() + " input for " + keys.describe() + " does not match "
                    + type.getSimpleName() + " (" + reason + "): check the " + step.id() + " state's Parameters in"
                    + " statemachines/migrate-table.asl.json, or the execution input against"
                    + " events/run-request.schema.json", null);
        }
    }

    private void putKeys(StepKeys keys) {
        MDC.put("step", step.id());
        put("table", keys.qualifiedTable());
        put("runId", keys.runId());
        put("chunk", keys.chunk());
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void clearKeys() {
        for (String key : new String[] {"step", "table", "runId", "chunk"}) {
            MDC.remove(key);
        }
    }
}
