package dev.sluice.lambda.handler;

import java.util.List;

/** Where a step invocation's measurements go: CloudWatch through Powertools EMF in Lambda, nowhere locally. */
@FunctionalInterface
public interface StepMetrics {

    /** Publishes {@code measurements} (may be empty). Never throws: metrics must not fail a step. */
    void publish(List<StepMeasurement> measurements);

    /** Publishes nothing (local mode, tests). */
    static StepMetrics none() {
        return measurements -> { };
    }
}
