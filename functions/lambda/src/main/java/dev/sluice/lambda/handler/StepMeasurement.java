package dev.sluice.lambda.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.pipeline.StepName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch metric value a step invocation publishes (Powertools EMF in Lambda). The names and the {@code Table}
 * dimension are those the infra's alarms and dashboard read ({@code dev.sluice.infra.PipelineMetrics}): namespace
 * {@code Sluice}, dimension {@code Table = <source>.<schema>.<table>}.
 *
 * @param name       the metric name
 * @param value      the value
 * @param unit       its unit
 * @param dimensions the dimensions, in order
 */
public record StepMeasurement(String name, double value, Unit unit, Map<String, String> dimensions) {

    /** The units Sluice's metrics use. */
    public enum Unit { COUNT, BYTES, SECONDS }

    /** The dimension every table metric carries: {@code <source>.<schema>.<table>}. */
    public static final String TABLE = "Table";
    /** The extra dimension of {@link #STEP_DURATION_SECONDS}: the step's name. */
    public static final String STEP = "Step";
    /** Seconds between now and the table's committed watermark (from a step output's {@code lagSeconds}). */
    public static final String WATERMARK_LAG_SECONDS = "WatermarkLagSeconds";
    /** Rows written to Parquet by one chunk (ExtractChunk's {@code rows}). */
    public static final String ROWS_EXTRACTED = "RowsExtracted";
    /** Parquet bytes written by one chunk (ExtractChunk's {@code bytes}). */
    public static final String BYTES_EXTRACTED = "BytesExtracted";
    /** Wall time of one chunk's extraction. */
    public static final String CHUNK_DURATION_SECONDS = "ChunkDurationSeconds";
    /** Wall time of one step invocation, success or failure (dimensions {@code Table}, {@code Step}). */
    public static final String STEP_DURATION_SECONDS = "StepDurationSeconds";

    public StepMeasurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        dimensions = Map.copyOf(dimensions);
    }

    /**
     * What one invocation of {@code step} publishes: its duration always; from its output (when it succeeded) the
     * fields {@code rows} and {@code bytes} of ExtractChunk (with the chunk's duration) and {@code lagSeconds} of any
     * step. SealRun's {@code rows}/{@code bytes} are the sum of its chunks and are not published again. Nothing is
     * published when the table is unknown: a metric without its {@code Table} dimension is one nobody reads.
     *
     * @param output the step's output, or null when it failed
     */
    public static List<StepMeasurement> of(StepName step, StepKeys keys, Duration elapsed, JsonNode output) {
        String table = keys.qualifiedTable();
        if (table == null) {
            return List.of();
        }
        Map<String, String> byTable = Map.of(TABLE, table);
        Map<String, String> byStep = new LinkedHashMap<>();
        byStep.put(TABLE, table);
        byStep.put(STEP, step.id());
        double seconds = elapsed.toNanos() / 1e9;
        List<StepMeasurement> out = new ArrayList<>();
        out.add(new StepMeasurement(STEP_DURATION_SECONDS, seconds, Unit.SECONDS, byStep));
        if (output == null || !output.isObject()) {
            return out;
        }
        if (step == StepName.EXTRACT_CHUNK) {
            out.add(new StepMeasurement(CHUNK_DURATION_SECONDS, seconds, Unit.SECONDS, byTable));
            if (output.path("rows").isNumber()) {
                out.add(new StepMeasurement(ROWS_EXTRACTED, output.path("rows").asDouble(), Unit.COUNT, byTable));
            }
            if (output.path("bytes").isNumber()) {
                out.add(new StepMeasurement(BYTES_EXTRACTED, output.path("bytes").asDouble(), Unit.BYTES, byTable));
            }
        }
        if (output.path("lagSeconds").isNumber()) {
            out.add(new StepMeasurement(WATERMARK_LAG_SECONDS, output.path("lagSeconds").asDouble(), Unit.SECONDS,
                    byTable));
        }
        return out;
    }
}
