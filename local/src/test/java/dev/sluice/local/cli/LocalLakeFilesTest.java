package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side of the local lake files agrees with the in-memory store that wrote them, and refuses writes. */
class LocalLakeFilesTest {

    @TempDir
    Path work;

    @Test
    void listsAndReadsWhatTheStoreWroteInKeyOrderAcrossPages() {
        LocalLakeFixture fixture = new LocalLakeFixture(work);
        for (String key : List.of("_sluice/runs/demo/sales.orders/r-1/plan.json",
                "_sluice/runs/demo/sales.orders/r-1/chunks/c2.json", "_sluice/runs/demo/sales.orders/r-1/chunks/c1.json",
                "_sluice/runs/demo/sales.orders/r-10/plan.json", "_sluice/state/demo/sales.orders/watermark.json")) {
            fixture.store().putIfAbsent(key, key.getBytes(StandardCharsets.UTF_8), "application/json");
        }
        fixture.flush();
        LocalLakeFiles files = new LocalLakeFiles(fixture.bucketDirectory());

        String prefix = "_sluice/runs/demo/sales.orders/r-1";
        assertThat(files.listAll(prefix)).isEqualTo(fixture.store().listAll(prefix));
        assertThat(files.listAll(prefix + "/").stream().map(ObjectStore.ObjectInfo::key)).containsExactly(
                prefix + "/chunks/c1.json", prefix + "/chunks/c2.json", prefix + "/plan.json");

        ObjectStore.ObjectPage first = files.list("_sluice/", null, 2);
        assertThat(first.objects()).hasSize(2);
        ObjectStore.ObjectPage second = files.list("_sluice/", first.nextToken(), 2);
        ObjectStore.ObjectPage third = files.list("_sluice/", second.nextToken(), 2);
        assertThat(third.nextToken()).isNull();
        assertThat(third.objects()).hasSize(1).first().extracting(ObjectStore.ObjectInfo::key)
                .isEqualTo("_sluice/state/demo/sales.orders/watermark.json");

        String key = "_sluice/state/demo/sales.orders/watermark.json";
        assertThat(files.get(key).orElseThrow().bytes()).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
        assertThat(files.get(key).orElseThrow().etag()).isEqualTo(fixture.store().get(key).orElseThrow().etag());
        assertThat(files.head(key).orElseThrow().size()).isEqualTo(key.length());
        assertThat(files.get("_sluice/state/demo/sales.orders/lease.json")).isEmpty();
        assertThat(files.listAll("_sluice/ledger/")).isEmpty();
    }

    @Test
    void anAbsentBucketIsAnEmptyLake() {
        LocalLakeFiles files = new LocalLakeFiles(work.resolve(".sluice/lake/none"));
        assertThat(files.exists()).isFalse();
        assertThat(files.listAll("")).isEmpty();
        assertThat(files.get("a/b.json")).isEmpty();
    }

    @Test
    void writesAndEscapingKeysAreRefused() {
        LocalLakeFiles files = new LocalLakeFiles(work.resolve("bucket"));
        assertThatThrownBy(() -> files.putIfAbsent("k", new byte[0], "application/json"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only")
                .hasMessageContaining("S3Proxy");
        assertThatThrownBy(() -> files.putIfMatch("k", new byte[0], "application/json", "\"e\""))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> files.begin("k", "application/octet-stream"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> files.get("../outside.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a key inside");
    }
}
