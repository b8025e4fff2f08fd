package dev.sluice.lambda.handler;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Subsegment;
import dev.sluice.core.pipeline.StepName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StepTracer} on the AWS X-Ray SDK: a subsegment {@code Sluice.<Step>} per invocation, annotated with the
 * step, table, run and chunk (annotations are indexed, so traces can be searched by table or run). Failures are
 * recorded from the already translated and redacted failure, never from the raw exception. Tracing problems are
 * logged and swallowed: a trace must never fail a step.
 */
final class XRayStepTracer implements StepTracer {

    private static final Logger LOG = LoggerFactory.getLogger(XRayStepTracer.class);

    @Override
    public Span begin(StepName step, StepKeys keys) {
        Subsegment subsegment;
        try {
            subsegment = AWSXRay.beginSubsegment("Sluice." + step.id());
            subsegment.putAnnotation("step", step.id());
            annotate(subsegment, "table", keys.qualifiedTable());
            annotate(subsegment, "runId", keys.runId());
            annotate(subsegment, "chunk", keys.chunk());
        } catch (RuntimeException e) {
            LOG.warn("X-Ray subsegment for {} not started: {}", step.id(), e.toString());
            return StepTracer.none().begin(step, keys);
        }
        return new Span() {
            @Override
            public void fail(Throwable failure) {
                try {
                    subsegment.addException(failure);
                } catch (RuntimeException e) {
                    LOG.warn("X-Ray failure of {} not recorded: {}", step.id(), e.toString());
                }
            }

            @Override
            public void close() {
                try {
                    AWSXRay.endSubsegment();
                } catch (RuntimeException e) {
                    LOG.warn("X-Ray subsegment of {} not ended: {}", step.id(), e.toString());
                }
            }
        };
    }

    private static void annotate(Subsegment subsegment, String key, String value) {
        if (value != null) {
            subsegment.putAnnotation(key, value);
        }
    }
}
