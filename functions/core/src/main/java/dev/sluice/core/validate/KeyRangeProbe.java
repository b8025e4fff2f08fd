package dev.sluice.core.validate;

import dev.sluice.core.lake.RowHashDigest;
import java.util.List;
import java.util.Optional;

/**
 * The port reconciliation narrows differences with: count and digest of a chunk's rows in a key range, its keys
 * and row hashes when the range is small, and a key to bisect at; and, for a per-column measure that differs under
 * matching row hashes, that column's measures over a key range and its values row by row. Implemented over
 * the lake (Athena, DuckDB with {@link ValidationSql#rangeSummary}, {@link ValidationSql#rangeRows},
 * {@link ValidationSql#keyAt}, {@link ValidationSql#rangeTotals}, {@link ValidationSql#rangeValues}) and over the
 * source (re-reading the chunk's bounds), or by a fake in tests.
 */
public interface KeyRangeProbe {

    /** Count and row hash digest of the chunk's rows with keys in {@code range}. */
    RowHashDigest summarize(String chunkId, KeyRange range);

    /** The chunk's rows with keys in {@code range}, in key order, at most {@code limit}. */
    List<KeyedHash> rows(String chunkId, KeyRange range, int limit);

    /** The key at 0-based position {@code offset} in key order among the chunk's rows in {@code range}. */
    Optional<Key> keyAt(String chunkId, KeyRange range, long offset);

    /** Row count, null count and sum of {@code column} over the chunk's rows with keys in {@code range}. */
    ColumnTotals totals(String chunkId, KeyRange range, ValidatedColumn column);

    /**
     * The chunk's rows with keys in {@code range}, in key order, at most {@code limit}, each with its value of
     * {@code column} ({@link ValidatedColumn#value canonical text}).
     */
    List<KeyedValue> values(String chunkId, KeyRange range, ValidatedColumn column, int limit);

    /** One row: its key and {@code _sluice_row_hash}. */
    record KeyedHash(Key key, long rowHash) {
    }

    /** One row: its key, {@code _sluice_row_hash} and one column's value (canonical text, null for NULL). */
    record KeyedValue(Key key, long rowHash, String value) {
    }

}
