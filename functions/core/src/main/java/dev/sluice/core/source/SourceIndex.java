package dev.sluice.core.source;

import java.util.List;

/** An index on a source table, in key order. */
public record SourceIndex(String name, List<String> columns, boolean unique, boolean clustered) {

    public SourceIndex {
        columns = List.copyOf(columns);
    }
}
