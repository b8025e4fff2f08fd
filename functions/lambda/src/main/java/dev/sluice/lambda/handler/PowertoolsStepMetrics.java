package dev.sluice.lambda.handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link StepMetrics} as CloudWatch embedded-metric-format lines through Powertools' functional API (no AspectJ):
 * one EMF document per dimension set, flushed at once, in the namespace {@code POWERTOOLS_METRICS_NAMESPACE}
 * ({@value #DEFAULT_NAMESPACE} when unset). Only the given dimensions are written, without Powertools' default
 * {@code Service} dimension: a CloudWatch metric is identified by all of its dimensions, and the alarms and dashboard
 * read the metrics by {@code Table} alone.
 */
public final class PowertoolsStepMetrics implements StepMetrics {

    /** The namespace the infra reads ({@code PipelineMetrics.NAMESPACE}). */
    public static final String DEFAULT_NAMESPACE = "Sluice";
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsStepMetrics.class);

    private final Metrics metrics;
    private final String namespace;

    /** Metrics in the namespace named by the environment. */
    public static PowertoolsStepMetrics fromEnvironment(Map<String, String> environment) {
        String namespace = environment.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE);
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.strip();
        Metrics metrics = MetricsBuilder.builder().withNamespace(namespace).build();
        return new PowertoolsStepMetrics(metrics, namespace);
    }

    PowertoolsStepMetrics(Metrics metrics, String namespace) {
        this.metrics = metrics;
        this.namespace = namespace;
    }

    @Override
    public void publish(List<StepMeasurement> measurements) {
        Map<Map<String, String>, List<StepMeasurement>> byDimensions = new LinkedHashMap<>();
        for (StepMeasurement m : measurements) {
            byDimensions.computeIfAbsent(m.dimensions(), d -> new java.util.ArrayList<>()).add(m);
        }
        for (Map.Entry<Map<String, String>, List<StepMeasurement>> group : byDimensions.entrySet()) {
            try {
                metrics.flushMetrics(m -> {
                    m.setNamespace(namespace);
                    m.setDefaultDimensions(DimensionSet.of(new LinkedHashMap<>(group.getKey())));
                    for (StepMeasurement measurement : group.getValue()) {
                        m.addMetric(measurement.name(), measurement.value(), unit(measurement.unit()));
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("could not publish metrics {}: {}", group.getValue().stream().map(StepMeasurement::name)
                        .toList(), e.toString());
            }
        }
    }

    private static MetricUnit unit(StepMeasurement.Unit unit) {
        return switch (unit) {
            case COUNT -> MetricUnit.COUNT;
            case BYTES -> MetricUnit.BYTES;
            case SECONDS -> MetricUnit.SECONDS;
        };
    }
}
