package dev.sluice.core.state;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.lake.RowHashDigest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The seal of a run ({@code run.json}): every planned chunk's manifest is present, no other chunk is, and all share
 * one schema fingerprint. It lists the chunks and carries the run's totals, which validation reconciles against what
 * Athena reads in the run's partition. Written once; deterministic from the chunk manifests, so a resealed run
 * writes the same object.
 *
 * @param runId             the run
 * @param source            source name
 * @param table             {@code schema.table}
 * @param schemaFingerprint the fingerprint every chunk was written with
 * @param rows              total rows
 * @param bytes             total Parquet bytes
 * @param rowHashDigest     the merged digest of every chunk
 * @param nullCounts        nulls per column over all chunks
 * @param sums              exact sums of numeric columns over all chunks
 * @param floatSums         approximate sums of floating-point columns over all chunks: the chunks' float sums added
 *                          as doubles in chunk id order (deterministic), as {@code Double.toString} text
 * @param chunks            one entry per chunk, ordered by chunk id
 */
@JsonPropertyOrder({"runId", "source", "table", "schemaFingerprint", "rows", "bytes", "rowHashDigest",
        "nullCounts", "sums", "floatSums", "chunks"})
public record RunManifest(
        String runId,
        String source,
        String table,
        String schemaFingerprint,
        long rows,
        long bytes,
        RowHashDigest rowHashDigest,
        SortedMap<String, Long> nullCounts,
        SortedMap<String, String> sums,
        SortedMap<String, String> floatSums,
        List<Chunk> chunks) {

    public RunManifest {
        nullCounts = Collections.unmodifiableSortedMap(new TreeMap<>(nullCounts == null ? Map.of() : nullCounts));
        sums = Collections.unmodifiableSortedMap(new TreeMap<>(sums == null ? Map.of() : sums));
        floatSums = Collections.unmodifiableSortedMap(new TreeMap<>(floatSums == null ? Map.of() : floatSums));
        chunks = List.copyOf(chunks);
    }

    /** A run manifest without floating-point sums. */
    public RunManifest(String runId, String source, String table, String schemaFingerprint, long rows, long bytes,
                       RowHashDigest rowHashDigest, SortedMap<String, Long> nullCounts, SortedMap<String, String> sums,
                       List<Chunk> chunks) {
        this(runId, source, table, schemaFingerprint, rows, bytes, rowHashDigest, nullCounts, sums, null, chunks);
    }

    /** One sealed chunk: where it is and what it holds. */
    @JsonPropertyOrder({"chunkId", "objectKey", "rows", "bytes", "etag"})
    public record Chunk(String chunkId, String objectKey, long rows, long bytes, String etag) {
    }
}
