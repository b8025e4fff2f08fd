package dev.sluice.core.pipeline;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.source.JdbcSource;

/**
 * Opens connections to a configured source: credentials from Secrets Manager by ARN in AWS, from an environment
 * variable or the embedded demo locally. The factory is asked per step; connections are never kept across
 * invocations (SnapStart: nothing open in the snapshot).
 */
@FunctionalInterface
public interface SourceConnections {

    /** The connection factory of {@code source}. */
    JdbcSource.ConnectionFactory of(SourceConfig source);
}
