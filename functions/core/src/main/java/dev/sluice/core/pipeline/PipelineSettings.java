package dev.sluice.core.pipeline;

import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.validate.QueryDialect;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What differs between the worlds a pipeline runs in (AWS, one machine) beyond the ports themselves.
 *
 * @param catalogDatabase  the catalog database the run's table is registered in (Glue database; the DuckDB schema)
 * @param queryWorkgroup   the Athena workgroup validation queries run in (ignored by DuckDB)
 * @param queryDialect     the validation SQL dialect of the query engine
 * @param loadDialect      the load SQL dialect of the warehouse
 * @param loadSource       the warehouse's way to read a run's Parquet, from the run's raw prefix
 *                         ({@code raw/<source>/<schema>.<table>/ingest_date=.../run_id=<run>/}): an S3 COPY with
 *                         the COPY role in AWS, a local directory for DuckDB
 * @param inlineChunkLimit plans with more chunks than this are extracted by the Distributed Map reading the item list
 *                         from S3; smaller ones by the inline Map
 * @param leaseDuration    how long a run's lease lasts without renewal (a crashed run blocks its table this long)
 */
public record PipelineSettings(String catalogDatabase, String queryWorkgroup, QueryDialect queryDialect,
                               LoadDialect loadDialect, Function<String, LoadSource> loadSource,
                               int inlineChunkLimit, Duration leaseDuration) {

    /** The default {@link #inlineChunkLimit()}: well under the 25,000-event history limit with retries. */
    public static final int DEFAULT_INLINE_CHUNK_LIMIT = 200;
    /** The default {@link #leaseDuration()}. */
    public static final Duration DEFAULT_LEASE = Duration.ofHours(6);

    public PipelineSettings {
        Objects.requireNonNull(catalogDatabase, "catalogDatabase");
        Objects.requireNonNull(queryDialect, "queryDialect");
        Objects.requireNonNull(loadDialect, "loadDialect");
        Objects.requireNonNull(loadSource, "loadSource");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (inlineChunkLimit < 1) {
            throw new IllegalArgumentException("inlineChunkLimit must be at least 1, not " + inlineChunkLimit);
        }
    }
}
