package dev.sluice.core.validate;

import dev.sluice.core.lake.RowHashDigest;
import java.util.List;
import java.util.Optional;

/**
 * The port reconciliation narrows differences with: count and digest of a chunk's rows in a key range, its keys
 * and row hashes when the range is small, and a key to bisect at. Implemented over the lake (Athena, DuckDB with
 * {@link ValidationSql#rangeSummary}, {@link ValidationSql#rangeRows}, {@link ValidationSql#keyAt}) and over the
 * source (re-reading the chunk's bounds), or by a fake in tests.
 */
public interface KeyRangeProbe {

    /** Count and row hash digest of the chunk's rows with keys in {@code range}. */
    RowHashDigest summarize(String chunkId, KeyRange range);

    /** The chunk's rows with keys in {@code range}, in key order, at most {@code limit}. */
    List<KeyedHash> rows(String chunkId, KeyRange range, int limit);

    /** The key at 0-based position {@code offset} in key order among the chunk's rows in {@code range}. */
    Optional<Key> keyAt(String chunkId, KeyRange range, long offset);

    /** One row: its key and {@code _sluice_row_hash}. */
    record KeyedHash(Key key, long rowHash) {
    }
}
