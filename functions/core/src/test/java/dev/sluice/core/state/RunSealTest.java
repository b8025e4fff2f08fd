package dev.sluice.core.state;

import static dev.sluice.core.lake.ChunkManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ChunkManifests;
import dev.sluice.core.lake.RowHashDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSealTest {

    @Test
    void sealsPlannedChunksWithTotalsAndAMergedDigest() {
        ChunkManifest a = manifest("r1", "c2", 3, "fp");
        ChunkManifest b = manifest("r1", "c1", 4, "fp");

        RunManifest run = RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2"), "fp", List.of(a, b));

        assertThat(run.rows()).isEqualTo(7);
        assertThat(run.bytes()).isEqualTo(70);
        assertThat(run.rowHashDigest()).isEqualTo(b.rowHashDigest().merge(a.rowHashDigest()));
        assertThat(run.rowHashDigest().count()).isEqualTo(7);
        assertThat(run.chunks()).extracting(RunManifest.Chunk::chunkId).containsExactly("c1", "c2");
        assertThat(run.nullCounts()).containsEntry("amount", 2L).containsEntry("note", 7L);
        assertThat(run.sums()).containsEntry("amount", "25.00");
        assertThat(run.schemaFingerprint()).isEqualTo("fp");
        assertThat(run.floatSums()).isEmpty();
    }

    @Test
    void addsFloatSumsInChunkOrderApartFromExactSums() {
        ChunkManifest a = ChunkManifests.withFloatSums(manifest("r1", "c2", 3, "fp"),
                Map.of("ratio", "0.3", "gauge", "1.5"));
        ChunkManifest b = ChunkManifests.withFloatSums(manifest("r1", "c1", 4, "fp"),
                Map.of("ratio", "0.30000000000000004", "gauge", "NaN"));

        RunManifest run = RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2"), "fp", List.of(a, b));

        assertThat(run.floatSums()).containsEntry("ratio", Double.toString(0.30000000000000004 + 0.3))
                .containsEntry("gauge", "NaN");
        assertThat(run.sums()).containsOnlyKeys("amount");
        assertThat(RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2"), "fp", List.of(b, a)))
                .isEqualTo(run);
    }

    @Test
    void namesMissingAndExtraChunks() {
        List<ChunkManifest> found = List.of(manifest("r1", "c1", 1, "fp"), manifest("r1", "c9", 1, "fp"));

        assertThatThrownBy(() -> RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2", "c3"), "fp", found))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("[c2, c3]").hasMessageContaining("[c9]").hasMessageContaining("r1")
                .satisfies(e -> {
                    SealException seal = (SealException) e;
                    assertThat(seal.missing()).containsExactly("c2", "c3");
                    assertThat(seal.extra()).containsExactly("c9");
                    assertThat(seal.inconsistent()).isEmpty();
                });
    }

    @Test
    void namesChunksWithAnotherSchemaFingerprintOrRun() {
        List<ChunkManifest> found = List.of(manifest("r1", "c1", 1, "fp"), manifest("r1", "c2", 1, "fp"),
                manifest("r1", "c3", 1, "fp-new"), manifest("r0", "c4", 1, "fp"));

        assertThatThrownBy(() -> RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2", "c3", "c4"), null,
                found))
                .isInstanceOf(SealException.class)
                .satisfies(e -> assertThat(((SealException) e).inconsistent()).containsExactly("c3", "c4"));
        assertThatThrownBy(() -> RunSeal.seal("r1", "erp", "sales.orders", List.of("c1", "c2"), "fp-plan",
                found.subList(0, 2)))
                .isInstanceOf(SealException.class).hasMessageContaining("fp-plan")
                .satisfies(e -> assertThat(((SealException) e).inconsistent()).containsExactly("c1", "c2"));
    }

    @Test
    void anEmptyPlanSealsAnEmptyRun() {
        RunManifest run = RunSeal.seal("r1", "erp", "sales.orders", List.of(), "fp", List.of());

        assertThat(run.rows()).isZero();
        assertThat(run.rowHashDigest()).isEqualTo(RowHashDigest.EMPTY);
        assertThat(run.chunks()).isEmpty();
    }
}
