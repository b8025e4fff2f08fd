package dev.sluice.core.lake;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one extracted chunk put in the lake, written as {@code chunks/<chunkId>.json} next to the run's plan once its
 * Parquet object is complete: the commit point of the chunk, and the expected values Athena reconciles against.
 *
 * <p>Everything but {@code timings} is a function of the chunk's rows, bounds and schema, so a rerun of the window
 * writes the same manifest; {@link #IGNORED_ON_REWRITE} lists what may differ between attempts.
 *
 * @param runId             the run that extracted the chunk (derived from table, mode and window)
 * @param chunkId           the chunk (derived from table, bounds and schema fingerprint)
 * @param source            the source name from config
 * @param table             {@code schema.table}
 * @param objectKey         the Parquet object's key in the lake bucket
 * @param bytes             the object's size
 * @param etag              the object's S3 ETag
 * @param checksum          the object's CRC32C checksums (full object and S3's composite form)
 * @param rowCount          rows written
 * @param keyMin            smallest key written, canonical JSON as defined by the planner (null when no rows)
 * @param keyMax            largest key written (null when no rows)
 * @param nullCounts        nulls per column, by column name
 * @param sums              exact sums of numeric columns, decimal strings, by column name
 * @param floatSums         approximate sums of floating-point (float/real/double) columns, by column name: the
 *                          double sum in the extractor's read order, as Java's shortest round-trip text
 *                          ({@code "0.6000000000000001"}, {@code "NaN"}, {@code "Infinity"}). Kept apart from
 *                          {@code sums} because they are not exact: validation compares them with
 *                          {@code floatSumTolerance}. The read order is the key order, so a rerun writes the same text
 * @param rowHashDigest     the order-independent digest of {@code _sluice_row_hash}
 * @param schemaFingerprint the fingerprint of the written schema
 * @param timings           how long the chunk took (not part of its identity)
 */
@JsonPropertyOrder({"runId", "chunkId", "source", "table", "objectKey", "bytes", "etag", "checksum", "rowCount",
        "keyMin", "keyMax", "nullCounts", "sums", "floatSums", "rowHashDigest", "schemaFingerprint", "timings"})
public record ChunkManifest(
        String runId,
        String chunkId,
        String source,
        String table,
        String objectKey,
        long bytes,
        String etag,
        ObjectChecksum checksum,
        long rowCount,
        JsonNode keyMin,
        JsonNode keyMax,
        Map<String, Long> nullCounts,
        Map<String, String> sums,
        Map<String, String> floatSums,
        RowHashDigest rowHashDigest,
        String schemaFingerprint,
        Timings timings) {

    /** Fields that legitimately differ between two attempts of the same chunk. */
    public static final Set<String> IGNORED_ON_REWRITE = Set.of("timings");

    public ChunkManifest {
        requireText(runId, "runId");
        requireText(chunkId, "chunkId");
        requireText(source, "source");
        requireText(table, "table");
        requireText(objectKey, "objectKey");
        requireText(etag, "etag");
        requireText(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(checksum, "checksum of chunk " + chunkId);
        Objects.requireNonNull(rowHashDigest, "rowHashDigest of chunk " + chunkId);
        if (rowCount != rowHashDigest.count()) {
            throw new IllegalArgumentException("chunk " + chunkId + " of " + table + ": rowCount " + rowCount
                    + " differs from the row hash digest count " + rowHashDigest.count()
                    + "; every written row must be hashed");
        }
        if (bytes < 0 || rowCount < 0) {
            throw new IllegalArgumentException("chunk " + chunkId + " of " + table + ": negative bytes or rows");
        }
        keyMin = canonical(keyMin);
        keyMax = canonical(keyMax);
        nullCounts = Collections.unmodifiableSortedMap(new TreeMap<>(nullCounts == null ? Map.of() : nullCounts));
        sums = Collections.unmodifiableSortedMap(new TreeMap<>(sums == null ? Map.of() : sums));
        sums.forEach((column, sum) -> {
            try {
                new BigDecimal(sum);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chunk " + chunkId + " of " + table + ": the sum of column '"
                        + column + "' is '" + sum + "', not an exact decimal number", e);
            }
        });
        SortedMap<String, String> floating = new TreeMap<>();
        (floatSums == null ? Map.<String, String>of() : floatSums).forEach((column, sum) -> {
            try {
                floating.put(column, Double.toString(Double.parseDouble(sum)));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("chunk " + chunkId + " of " + table + ": the float sum of column '"
                        + column + "' is '" + sum + "', not a double (write it with Double.toString)", e);
            }
        });
        floatSums = Collections.unmodifiableSortedMap(floating);
    }

    /** A manifest without floating-point sums (a table with no float/real/double column). */
    public ChunkManifest(String runId, String chunkId, String source, String table, String objectKey, long bytes,
                         String etag, ObjectChecksum checksum, long rowCount, JsonNode keyMin, JsonNode keyMax,
                         Map<String, Long> nullCounts, Map<String, String> sums, RowHashDigest rowHashDigest,
                         String schemaFingerprint, Timings timings) {
        this(runId, chunkId, source, table, objectKey, bytes, etag, checksum, rowCount, keyMin, keyMax, nullCounts,
                sums, Map.of(), rowHashDigest, schemaFingerprint, timings);
    }

    /** A float sum as the manifest writes it: Java's shortest text that reads back as the same double. */
    public static String floatSumText(double sum) {
        return Double.toString(sum);
    }

    /** The node as it reads back from its JSON text, so equal JSON means equal manifests (IntNode vs LongNode). */
    private static JsonNode canonical(JsonNode node) {
        return node == null || node.isNull() ? null : LakeJson.tree("key bound", LakeJson.bytes(node));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a chunk manifest needs " + name);
        }
    }

    /**
     * When the chunk's source read and lake write started and how long they took.
     *
     * @param readMillis  time spent reading rows from the source
     * @param writeMillis time spent encoding and uploading
     */
    @JsonPropertyOrder({"startedAt", "readMillis", "writeMillis"})
    public record Timings(Instant startedAt, long readMillis, long writeMillis) {
    }
}
