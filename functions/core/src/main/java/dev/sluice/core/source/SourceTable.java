package dev.sluice.core.source;

import java.util.List;
import java.util.Optional;

/**
 * A source table as introspected from the catalog's system views, without scanning it: columns in ordinal order,
 * the primary key in key order (empty when the table has none), indexes, and the catalog's row and size estimates.
 */
public record SourceTable(
        TableRef ref,
        List<SourceColumn> columns,
        List<String> primaryKey,
        List<SourceIndex> indexes,
        long rowEstimate,
        long bytesEstimate) {

    public SourceTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    public Optional<SourceColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Average row width from the catalog's estimates, at least 1 byte. */
    public long averageRowBytes() {
        return rowEstimate <= 0 ? 1 : Math.max(1, bytesEstimate / rowEstimate);
    }
}
