package dev.sluice.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The custom CloudWatch metrics the functions publish (Powertools EMF) and the alarms and dashboard read: namespace
 * {@value #NAMESPACE}, dimension {@value #TABLE} = {@code <source>.<schema>.<table>} (see
 * {@link TableNames#qualified}). The Lambda side must emit exactly these names.
 */
public final class PipelineMetrics {

    public static final String NAMESPACE = "Sluice";
    public static final String TABLE = "Table";
    /** Seconds between now and the table's committed watermark high bound (Plan and Commit emit it). */
    public static final String WATERMARK_LAG_SECONDS = "WatermarkLagSeconds";
    /** Rows written to Parquet by one chunk (ExtractChunk), unit Count. */
    public static final String ROWS_EXTRACTED = "RowsExtracted";
    /** Wall time of one chunk's extraction (ExtractChunk), unit Seconds. */
    public static final String CHUNK_DURATION_SECONDS = "ChunkDurationSeconds";

    private PipelineMetrics() {
    }

    public static Metric forTable(String metricName, String qualifiedTable, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(java.util.Map.of(TABLE, qualifiedTable))
                .statistic(statistic)
                .period(period)
                .build();
    }
}
