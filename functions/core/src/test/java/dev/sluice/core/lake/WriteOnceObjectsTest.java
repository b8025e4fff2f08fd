package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WriteOnceObjectsTest {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final WriteOnceObjects writeOnce = new WriteOnceObjects(store);

    @Test
    void aRepeatWithOtherTimingsSucceedsAndKeepsTheFirstObject() {
        ChunkManifest first = ChunkManifests.manifest("r1", "c1", 5, "fp");
        ChunkManifest retry = ChunkManifests.withTimings(first, 999);
        writeOnce.create("m/c1.json", first, ChunkManifest.IGNORED_ON_REWRITE);
        String etag = store.head("m/c1.json").orElseThrow().etag();

        ChunkManifest stored = writeOnce.create("m/c1.json", retry, ChunkManifest.IGNORED_ON_REWRITE);

        assertThat(stored).isEqualTo(first);
        assertThat(stored.timings().readMillis()).isEqualTo(100);
        assertThat(store.head("m/c1.json").orElseThrow().etag()).isEqualTo(etag);
    }

    @Test
    void differentContentIsAConflictNamingKeyAndFields() {
        ChunkManifest first = ChunkManifests.manifest("r1", "c1", 5, "fp");
        writeOnce.create("m/c1.json", first, ChunkManifest.IGNORED_ON_REWRITE);
        ChunkManifest other = ChunkManifests.withEtagAndSums(first, "\"other\"", Map.of("amount", "13.00"));

        assertThatThrownBy(() -> writeOnce.create("m/c1.json", other, ChunkManifest.IGNORED_ON_REWRITE))
                .isInstanceOf(ManifestConflictException.class)
                .hasMessageContaining("m/c1.json")
                .satisfies(e -> assertThat(((ManifestConflictException) e).differingFields())
                        .containsExactly("etag", "sums"));
        assertThat(LakeJson.read("k", store.get("m/c1.json").orElseThrow().bytes(), ChunkManifest.class))
                .isEqualTo(first);
    }

    @Test
    void timingsAreNotIgnoredUnlessListed() {
        ChunkManifest first = ChunkManifests.manifest("r1", "c1", 5, "fp");
        writeOnce.create("m/c1.json", first, Set.of());

        assertThatThrownBy(() -> writeOnce.create("m/c1.json", ChunkManifests.withTimings(first, 1), Set.of()))
                .isInstanceOf(ManifestConflictException.class)
                .satisfies(e -> assertThat(((ManifestConflictException) e).differingFields())
                        .containsExactly("timings"));
    }
}
