package dev.sluice.core.lake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds chunk manifests for tests. */
public final class ChunkManifests {

    private ChunkManifests() {
    }

    public static ChunkManifest manifest(String runId, String chunkId, long rows, String fingerprint) {
        RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
        for (long i = 0; i < rows; i++) {
            digest.add(i * 0x9E3779B97F4A7C15L + chunkId.hashCode());
        }
        return new ChunkManifest(runId, chunkId, "erp", "sales.orders",
                "raw/erp/sales.orders/ingest_date=2026-01-02/run_id=" + runId + "/part-" + chunkId + ".parquet",
                rows * 10, "\"etag-" + chunkId + "\"", new ObjectChecksum("CRC32C", "AAAAAA==", "BBBBBB==-1"),
                rows, JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.arrayNode().add(rows),
                Map.of("amount", 1L, "note", rows), Map.of("amount", "12.50"), digest.result(), fingerprint,
                new ChunkManifest.Timings(Instant.parse("2026-01-02T03:04:05Z"), 100, 200));
    }

    public static ChunkManifest withTimings(ChunkManifest m, long readMillis) {
        return new ChunkManifest(m.runId(), m.chunkId(), m.source(), m.table(), m.objectKey(), m.bytes(), m.etag(),
                m.checksum(), m.rowCount(), m.keyMin(), m.keyMax(), m.nullCounts(), m.sums(), m.rowHashDigest(),
                m.schemaFingerprint(), new ChunkManifest.Timings(Instant.now(), readMillis, 1));
    }

    public static ChunkManifest withEtagAndSums(ChunkManifest m, String etag, Map<String, String> sums) {
        return new ChunkManifest(m.runId(), m.chunkId(), m.source(), m.table(), m.objectKey(), m.bytes(), etag,
                m.checksum(), m.rowCount(), m.keyMin(), m.keyMax(), m.nullCounts(), sums, m.rowHashDigest(),
                m.schemaFingerprint(), m.timings());
    }

    public static ChunkManifest withFloatSums(ChunkManifest m, Map<String, String> floatSums) {
        return new ChunkManifest(m.runId(), m.chunkId(), m.source(), m.table(), m.objectKey(), m.bytes(), m.etag(),
                m.checksum(), m.rowCount(), m.keyMin(), m.keyMax(), m.nullCounts(), m.sums(), floatSums,
                m.rowHashDigest(), m.schemaFingerprint(), m.timings());
    }

    public static List<String> ids(List<ChunkManifest> manifests) {
        return manifests.stream().map(ChunkManifest::chunkId).toList();
    }
}
