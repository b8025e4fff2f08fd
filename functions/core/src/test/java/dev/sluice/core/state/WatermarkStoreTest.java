package dev.sluice.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.source.TableRef;
import org.junit.jupiter.api.Test;

class WatermarkStoreTest {

    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final LakeLayout layout = new LakeLayout("lake", "raw", "_sluice");
    private final WatermarkStore watermarks = new WatermarkStore(memory, layout);

    private static JsonNode body(String high, String runId) {
        return LakeJson.mapper().createObjectNode().put("mode", "timestamp").put("high", high).put("runId", runId);
    }

    @Test
    void firstCommitCreatesAndTheNextMatchesItsEtag() {
        assertThat(watermarks.read("erp", ORDERS)).isEmpty();

        String first = watermarks.commit("erp", ORDERS, body("2026-01-01T00:00:00Z", "r1"), null);
        StoredWatermark read = watermarks.read("erp", ORDERS).orElseThrow();
        String second = watermarks.commit("erp", ORDERS, body("2026-01-02T00:00:00Z", "r2"), read.etag());

        assertThat(read.etag()).isEqualTo(first);
        assertThat(read.body().get("high").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(watermarks.read("erp", ORDERS).orElseThrow())
                .isEqualTo(new StoredWatermark(body("2026-01-02T00:00:00Z", "r2"), second));
    }

    @Test
    void aCommitWithAStaleEtagLosesWithAConflictNamingTableAndEtag() {
        String etag = watermarks.commit("erp", ORDERS, body("t1", "r1"), null);
        watermarks.commit("erp", ORDERS, body("t2", "r2"), etag);

        assertThatThrownBy(() -> watermarks.commit("erp", ORDERS, body("t3", "r3"), etag))
                .isInstanceOf(WatermarkConflictException.class)
                .hasMessageContaining("sales.orders").hasMessageContaining(etag)
                .hasMessageContaining("start a new run");
        assertThatThrownBy(() -> watermarks.commit("erp", ORDERS, body("t3", "r3"), null))
                .isInstanceOf(WatermarkConflictException.class).hasMessageContaining("no watermark yet");
        assertThat(watermarks.read("erp", ORDERS).orElseThrow().body().get("high").asText()).isEqualTo("t2");
    }

    @Test
    void a412OnOurOwnAppliedCommitIsSuccess() {
        String etag = watermarks.commit("erp", ORDERS, body("t1", "r1"), null);
        ObjectStore retrying = new ForwardingObjectStore(memory) {
            @Override
            public PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
                super.putIfMatch(key, body, contentType, expectedEtag); // applied, response lost
                return super.putIfMatch(key, body, contentType, expectedEtag); // the retry: 412
            }
        };

        String committed = new WatermarkStore(retrying, layout).commit("erp", ORDERS, body("t2", "r2"), etag);

        assertThat(committed).isEqualTo(watermarks.read("erp", ORDERS).orElseThrow().etag());
        assertThat(watermarks.read("erp", ORDERS).orElseThrow().body()).isEqualTo(body("t2", "r2"));
    }
}
