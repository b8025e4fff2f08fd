package dev.sluice.core.extract;

import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ObjectStore;
import java.time.Instant;

/**
 * The outcome of extracting one chunk: its statistics and how the time went.
 *
 * @param table      {@code schema.table}
 * @param runId      the run
 * @param chunkId    the chunk
 * @param statistics row count, key bounds, null counts, sums and row hash digest
 * @param startedAt  when extraction started (also the chunk's {@code _sluice_extracted_at})
 * @param readNanos  time spent in {@code ResultSet.next()}: fetching rows from the source (network and server)
 * @param writeNanos the rest: decoding values from the driver's buffers, converting, hashing, encoding and
 *                   compressing Parquet, and writing (for the lake, uploading parts and completing the upload)
 */
public record ChunkExtraction(String table, String runId, String chunkId, ChunkStatistics statistics,
                             Instant startedAt, long readNanos, long writeNanos) {

    /** Rows per second over the whole extraction. */
    public double rowsPerSecond() {
        long nanos = readNanos + writeNanos;
        return nanos == 0 ? 0 : statistics.rowCount() * 1e9 / nanos;
    }

    public ChunkManifest.Timings timings() {
        return new ChunkManifest.Timings(startedAt, readNanos / 1_000_000, writeNanos / 1_000_000);
    }

    /**
     * The chunk's manifest once its object is complete. The manifest's {@code sums} are the exact sums only;
     * floating-point sums stay in {@link ChunkStatistics#floatSums()} because the manifest requires exact numbers.
     */
    public ChunkManifest manifest(String source, ObjectStore.PutResult object, String schemaFingerprint) {
        return new ChunkManifest(runId, chunkId, source, table, object.key(), object.size(), object.etag(),
                object.checksum(), statistics.rowCount(), statistics.keyMin(), statistics.keyMax(),
                statistics.nullCounts(), statistics.exactSums(), statistics.rowHashDigest(), schemaFingerprint,
                timings());
    }
}
