package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.StepName;
import java.util.Map;

/**
 * Traces step invocations: an X-Ray subsegment per invocation inside the Lambda's own segment when the function runs
 * with active tracing, nothing elsewhere (local mode, tests).
 */
@FunctionalInterface
public interface StepTracer {

    /** Starts the trace of one invocation of {@code step}. */
    Span begin(StepName step, StepKeys keys);

    /** One traced invocation. Closing ends it; neither method ever throws. */
    interface Span extends AutoCloseable {

        /** Records that the invocation failed with {@code failure} (already redacted). */
        void fail(Throwable failure);

        @Override
        void close();
    }

    /** Traces nothing. */
    static StepTracer none() {
        return (step, keys) -> new Span() {
            @Override
            public void fail(Throwable failure) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * X-Ray when {@code environment} says the function runs in Lambda with tracing (a daemon address or a trace id
     * is set), otherwise {@link #none()}.
     */
    static StepTracer fromEnvironment(Map<String, String> environment) {
        boolean inLambda = environment.containsKey("AWS_LAMBDA_FUNCTION_NAME");
        boolean tracing = environment.containsKey("AWS_XRAY_DAEMON_ADDRESS") || environment.containsKey("_X_AMZN_TRACE_ID");
        return inLambda && tracing ? new XRayStepTracer() : none();
    }
}
