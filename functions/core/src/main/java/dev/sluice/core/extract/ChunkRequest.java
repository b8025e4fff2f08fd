package dev.sluice.core.extract;

import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import java.util.List;
import java.util.Objects;

/**
 * What to extract for one chunk, besides the rows themselves.
 *
 * <p>The {@code ResultSet} handed to the extractor has one select-list item per carried column, in the order of
 * {@code columns} (excluded columns have none), each labelled with the source column name; a sql_variant with a
 * base-type companion has a second item right after its value labelled with the companion's lake name. A Change
 * Tracking read ({@code changeOperationColumn} not null) has one more item last: the operation {@code I}, {@code U}
 * or {@code D} under that label. The extractor checks the labels before reading the first row.
 *
 * @param table                 the source table
 * @param runId                 the run (goes into {@code _sluice_run_id})
 * @param chunkId               the chunk (goes into {@code _sluice_chunk_id} and every error message)
 * @param columns               the table's column mappings in select-list order; none may be blocking
 * @param keyColumns            the source columns of the chunk's key (primary key or split column), in key order; the
 *                              rows arrive ordered by them
 * @param changeOperationColumn the label of the Change Tracking operation item, or null for other reads
 */
public record ChunkRequest(TableRef table, String runId, String chunkId, List<ColumnMapping> columns,
                           List<String> keyColumns, String changeOperationColumn) {

    public ChunkRequest {
        Objects.requireNonNull(table, "table");
        requireText(runId, "runId");
        requireText(chunkId, "chunkId");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        if (keyColumns.isEmpty()) {
            throw new IllegalArgumentException("chunk " + chunkId + " of " + table + " needs key columns: the chunk's "
                    + "key bounds and error messages are in terms of them");
        }
        for (String key : keyColumns) {
            boolean carried = columns.stream().anyMatch(c -> c.source().name().equals(key) && !c.lakeColumns().isEmpty());
            if (!carried) {
                throw new IllegalArgumentException("key column " + table + "." + key + " of chunk " + chunkId
                        + " is not among the carried columns: a key column cannot be excluded");
            }
        }
    }

    /** A read that is not Change Tracking. */
    public ChunkRequest(TableRef table, String runId, String chunkId, List<ColumnMapping> columns,
                        List<String> keyColumns) {
        this(table, runId, chunkId, columns, keyColumns, null);
    }

    public boolean changeTracking() {
        return changeOperationColumn != null;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a chunk request needs " + name);
        }
    }
}
