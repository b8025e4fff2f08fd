package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.lake.ObjectStore;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of extracting one chunk: what its rows add up to and how the time went.
 *
 * @param table      {@code schema.table}
 * @param runId      the run
 * @param chunkId    the chunk
 * @param statistics row count, nulls per lake column (a companion counts its value's NULLs), exact sums of integer
 *                   and decimal columns (rowversion is a counter and is not summed) and the row hash digest
 * @param keyMin     the first row's key (rows arrive ordered by key) in the encoding chunk plans use for their
 *                   bounds: a JSON array with one {@code {"type":..,"value":..}} {@link dev.sluice.core.source.KeyValue}
 *                   per key column (see {@code KeyValue} for each type's canonical text); null when there are no rows
 * @param keyMax     the last row's key, same form
 * @param floatSums  sums of float/real/double columns in double arithmetic, by lake column. They depend on the order
 *                   of addition (and NaN/infinities poison them), so validation compares them with a relative
 *                   tolerance; the manifest carries them as {@code floatSums}, apart from its exact {@code sums}
 * @param startedAt  when extraction started (also the chunk's {@code _sluice_extracted_at})
 * @param readNanos  time the reading thread waited for the source: in {@code ResultSet.next()} for a JDBC read, in
 *                   reading the stream for a binary COPY read (network and server)
 * @param writeNanos the rest of the wall time: decoding and converting values, hashing, and (on a second thread,
 *                   overlapping the reads) encoding and compressing Parquet and writing it (for the lake, uploading
 *                   parts and completing the upload)
 */
public record ChunkExtraction(String table, String runId, String chunkId, ChunkStatistics statistics,
                              JsonNode keyMin, JsonNode keyMax, Map<String, Double> floatSums, Instant startedAt,
                              long readNanos, long writeNanos) {

    public ChunkExtraction {
        floatSums = Collections.unmodifiableSortedMap(new TreeMap<>(floatSums));
    }

    /** Rows per second over the whole extraction. */
    public double rowsPerSecond() {
        long nanos = readNanos + writeNanos;
        return nanos == 0 ? 0 : statistics.rowCount() * 1e9 / nanos;
    }

    public ChunkManifest.Timings timings() {
        return new ChunkManifest.Timings(startedAt, readNanos / 1_000_000, writeNanos / 1_000_000);
    }

    /** The chunk's manifest once its object is complete ({@code object} is the completed upload). */
    public ChunkManifest manifest(String source, ObjectStore.PutResult object, String schemaFingerprint) {
        return new ChunkManifest(runId, chunkId, source, table, object.key(), object.size(), object.etag(),
                object.checksum(), statistics.rowCount(), keyMin, keyMax, statistics.nullCounts(),
                statistics.sums(), floatSumTexts(), statistics.rowHashDigest(), schemaFingerprint, timings());
    }

    private Map<String, String> floatSumTexts() {
        Map<String, String> texts = new TreeMap<>();
        floatSums.forEach((column, sum) -> texts.put(column, ChunkManifest.floatSumText(sum)));
        return texts;
    }
}
