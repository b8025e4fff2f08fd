package dev.sluice.core.state;

import static dev.sluice.core.lake.ChunkManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ChunkManifests;
import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.source.TableRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestStoreTest {

    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final LakeLayout layout = new LakeLayout("lake", "raw", "_sluice");

    @Test
    void writesTheChunkManifestUnderItsFixedKey() {
        ManifestStore manifests = new ManifestStore(memory, layout);
        ChunkManifest manifest = manifest("r1", "c1", 2, "fp");

        manifests.write(manifest);

        assertThat(memory.head("_sluice/runs/erp/sales.orders/r1/chunks/c1.json")).isPresent();
        assertThat(manifests.readChunk("erp", ORDERS, "r1", "c1")).contains(manifest);
        assertThat(manifests.readChunk("erp", ORDERS, "r1", "c2")).isEmpty();
    }

    @Test
    void a412FromOurOwnRetriedPutIsResolvedAsSuccess() {
        // The first PUT reaches the store but its response is lost; the SDK retries and gets 412.
        ObjectStore lostResponse = new ForwardingObjectStore(memory) {
            private boolean first = true;

            @Override
            public PutResult putIfAbsent(String key, byte[] body, String contentType) {
                PutResult result = super.putIfAbsent(key, body, contentType);
                if (first) {
                    first = false;
                    return super.putIfAbsent(key, body, contentType); // the retry: 412
                }
                return result;
            }
        };
        ChunkManifest manifest = manifest("r1", "c1", 2, "fp");

        assertThat(new ManifestStore(lostResponse, layout).write(manifest)).isEqualTo(manifest);
        assertThat(memory.objectCount()).isEqualTo(1);
    }

    @Test
    void aRerunWithDifferentRowsConflictsAndKeepsTheFirstManifest() {
        ManifestStore manifests = new ManifestStore(memory, layout);
        ChunkManifest first = manifest("r1", "c1", 2, "fp");
        manifests.write(first);
        ChunkManifest changed = ChunkManifests.withEtagAndSums(first, "\"x\"", Map.of("amount", "1"));

        assertThatThrownBy(() -> manifests.write(changed))
                .isInstanceOf(ManifestConflictException.class)
                .hasMessageContaining("_sluice/runs/erp/sales.orders/r1/chunks/c1.json")
                .hasMessageContaining("[etag, sums]");
        assertThat(manifests.readChunk("erp", ORDERS, "r1", "c1")).contains(first);
    }

    @Test
    void sealReadsEveryPageOfChunkManifestsAndWritesTheRunManifestOnce() {
        ManifestStore manifests = new ManifestStore(memory, layout);
        List<String> planned = new java.util.ArrayList<>();
        for (int i = 0; i < 1203; i++) { // more than one listing page of 1000
            String id = String.format("c%05d", i);
            planned.add(id);
            manifests.write(manifest("r1", id, 1, "fp"));
        }

        RunManifest sealed = manifests.seal("erp", ORDERS, "r1", planned, "fp");
        RunManifest again = manifests.seal("erp", ORDERS, "r1", planned, "fp");

        assertThat(sealed.rows()).isEqualTo(1203);
        assertThat(sealed.chunks()).hasSize(1203);
        assertThat(again).isEqualTo(sealed);
        assertThat(manifests.readRunManifest("erp", ORDERS, "r1")).contains(sealed);
    }

    @Test
    void sealOfARunWithAMissingChunkWritesNothing() {
        ManifestStore manifests = new ManifestStore(memory, layout);
        manifests.write(manifest("r1", "c1", 1, "fp"));

        assertThatThrownBy(() -> manifests.seal("erp", ORDERS, "r1", List.of("c1", "c2"), "fp"))
                .isInstanceOf(SealException.class).hasMessageContaining("[c2]");
        assertThat(manifests.readRunManifest("erp", ORDERS, "r1")).isEmpty();
    }
}
