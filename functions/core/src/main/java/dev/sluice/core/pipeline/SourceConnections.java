package dev.sluice.core.pipeline;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresCopyOut;
import java.util.Optional;

/**
 * Opens connections to a configured source: credentials from Secrets Manager by ARN in AWS, from an environment
 * variable or the embedded demo locally. The factory is asked per step; connections are never kept across
 * invocations (SnapStart: nothing open in the snapshot).
 */
@FunctionalInterface
public interface SourceConnections {

    /** The connection factory of {@code source}. */
    JdbcSource.ConnectionFactory of(SourceConfig source);

    /**
     * PostgreSQL's binary COPY on this world's driver, when it has one: ExtractChunk then reads PostgreSQL chunks
     * through {@code COPY ... TO STDOUT (FORMAT binary)} instead of fetching rows over JDBC (same values, same
     * Parquet; see {@link PostgresCopyOut}). Empty: every chunk is read over JDBC.
     */
    default Optional<PostgresCopyOut> postgresCopy() {
        return Optional.empty();
    }
}
