package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkManifestTest {

    @Test
    void jsonHasAStableFieldOrderAndSortedMapsAndRoundTrips() {
        ChunkManifest manifest = ChunkManifests.manifest("r1", "c0001", 3, "fp1");

        String json = new String(LakeJson.bytes(manifest), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"runId\":\"r1\",\"chunkId\":\"c0001\",\"source\":\"erp\","
                + "\"table\":\"sales.orders\",\"objectKey\":");
        assertThat(json).contains("\"nullCounts\":{\"amount\":1,\"note\":3},\"sums\":{\"amount\":\"12.50\"}");
        assertThat(json.indexOf("\"rowHashDigest\"")).isLessThan(json.indexOf("\"schemaFingerprint\""));
        assertThat(json).endsWith("\"timings\":{\"startedAt\":\"2026-01-02T03:04:05Z\",\"readMillis\":100,"
                + "\"writeMillis\":200}}");
        assertThat(LakeJson.read("k", LakeJson.bytes(manifest), ChunkManifest.class)).isEqualTo(manifest);
        assertThat(LakeJson.bytes(LakeJson.read("k", LakeJson.bytes(manifest), ChunkManifest.class)))
                .isEqualTo(LakeJson.bytes(manifest));
    }

    @Test
    void rejectsARowCountThatDisagreesWithTheDigestAndInexactSums() {
        ChunkManifest m = ChunkManifests.manifest("r1", "c1", 3, "fp");
        assertThatThrownBy(() -> new ChunkManifest(m.runId(), m.chunkId(), m.source(), m.table(), m.objectKey(),
                m.bytes(), m.etag(), m.checksum(), 4, m.keyMin(), m.keyMax(), m.nullCounts(), m.sums(),
                m.rowHashDigest(), m.schemaFingerprint(), m.timings()))
                .hasMessageContaining("c1").hasMessageContaining("rowCount 4");
        assertThatThrownBy(() -> ChunkManifests.withEtagAndSums(m, m.etag(), Map.of("amount", "1e3x")))
                .hasMessageContaining("amount");
    }

    @Test
    void floatSumsAreAPartOfTheJsonApartFromExactSumsAndRoundTrip() {
        ChunkManifest manifest = ChunkManifests.withFloatSums(ChunkManifests.manifest("r1", "c0001", 3, "fp1"),
                Map.of("ratio", "0.6000000000000001", "gauge", "NaN", "peak", "-Infinity", "big", "1e300"));

        String json = new String(LakeJson.bytes(manifest), StandardCharsets.UTF_8);

        assertThat(json).contains("\"sums\":{\"amount\":\"12.50\"},\"floatSums\":{\"big\":\"1.0E300\","
                + "\"gauge\":\"NaN\",\"peak\":\"-Infinity\",\"ratio\":\"0.6000000000000001\"},\"rowHashDigest\":");
        ChunkManifest read = LakeJson.read("k", LakeJson.bytes(manifest), ChunkManifest.class);
        assertThat(read).isEqualTo(manifest);
        assertThat(read.floatSums()).containsEntry("ratio", "0.6000000000000001").containsEntry("gauge", "NaN");
        assertThat(read.sums()).containsOnlyKeys("amount");
        assertThat(LakeJson.bytes(read)).isEqualTo(LakeJson.bytes(manifest));
        // the same double written twice (a rerun) is the same text
        assertThat(ChunkManifests.withFloatSums(manifest, Map.of("ratio", ChunkManifest.floatSumText(0.1 + 0.2))))
                .isEqualTo(ChunkManifests.withFloatSums(manifest, Map.of("ratio", "0.30000000000000004")));
    }

    @Test
    void aManifestWithoutFloatSumsReadsBackWithNone() {
        ChunkManifest manifest = ChunkManifests.manifest("r1", "c0001", 3, "fp1");
        assertThat(manifest.floatSums()).isEmpty();
        assertThat(LakeJson.read("k", LakeJson.bytes(manifest), ChunkManifest.class).floatSums()).isEmpty();
    }

    @Test
    void rejectsAFloatSumThatIsNotADouble() {
        ChunkManifest m = ChunkManifests.manifest("r1", "c1", 3, "fp");
        assertThatThrownBy(() -> ChunkManifests.withFloatSums(m, Map.of("ratio", "about 3")))
                .hasMessageContaining("c1").hasMessageContaining("'ratio'").hasMessageContaining("about 3");
    }
}
