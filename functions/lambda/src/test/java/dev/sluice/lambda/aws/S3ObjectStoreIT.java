package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseHeldException;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.WatermarkConflictException;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.lambda.aws.testing.S3ProxyFixture;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ObjectStoreIT {

    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private static S3ProxyFixture s3;
    private static ObjectStore store;
    private static final LakeLayout LAYOUT = new LakeLayout("lake-it", "raw", "_sluice");

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyFixture.inMemory("lake-it");
        store = s3.objectStore();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ifNoneMatchAndIfMatchAreEnforcedAsPreconditionFailures() {
        ObjectStore.PutResult first = store.putIfAbsent("cond/a.json", utf8("{\"v\":1}"), "application/json");

        assertThatThrownBy(() -> store.putIfAbsent("cond/a.json", utf8("{\"v\":2}"), "application/json"))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("cond/a.json");
        ObjectStore.PutResult second = store.putIfMatch("cond/a.json", utf8("{\"v\":3}"), "application/json",
                first.etag());
        assertThatThrownBy(() -> store.putIfMatch("cond/a.json", utf8("{\"v\":4}"), "application/json",
                first.etag())).isInstanceOf(PreconditionFailedException.class);

        ObjectStore.StoredObject stored = store.get("cond/a.json").orElseThrow();
        assertThat(new String(stored.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":3}");
        assertThat(stored.etag()).isEqualTo(second.etag()).isNotEqualTo(first.etag());
        assertThat(store.head("cond/a.json").orElseThrow().size()).isEqualTo(7);
        assertThat(store.get("cond/missing.json")).isEmpty();
        assertThat(store.head("cond/missing.json")).isEmpty();
        assertThat(second.checksum()).isEqualTo(ObjectChecksum.ofSinglePut(utf8("{\"v\":3}")));
        assertThat(s3.s3().headObject(b -> b.bucket(s3.bucket()).key("cond/a.json")
                .checksumMode(ChecksumMode.ENABLED)).checksumCRC32C()).isEqualTo(second.checksum().fullObject());
    }

    @Test
    void listingFollowsContinuationTokens() {
        for (int i = 0; i < 5; i++) {
            store.putIfAbsent("list/" + i, utf8("x"), "text/plain");
        }
        store.putIfAbsent("listing-other/0", utf8("x"), "text/plain");

        ObjectStore.ObjectPage first = store.list("list/", null, 2);

        assertThat(first.objects()).extracting(ObjectStore.ObjectInfo::key).containsExactly("list/0", "list/1");
        assertThat(first.nextToken()).isNotNull();
        assertThat(store.listAll("list/")).extracting(ObjectStore.ObjectInfo::key)
                .containsExactly("list/0", "list/1", "list/2", "list/3", "list/4");
    }

    @Test
    void streamsAMultipartObjectWithChecksummedPartsAndLeavesNoUpload() throws Exception {
        byte[] data = new byte[2 * LakeOutputFile.MIN_PART_SIZE + 1000];
        new Random(3).nextBytes(data);
        LakeOutputFile file = new LakeOutputFile(store, "raw/mp/part-1.parquet", LakeOutputFile.MIN_PART_SIZE);

        try (PositionOutputStream out = file.createOrOverwrite(0)) {
            out.write(data);
        }

        ObjectStore.PutResult result = file.result().orElseThrow();
        assertThat(store.get("raw/mp/part-1.parquet").orElseThrow().bytes()).isEqualTo(data);
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.etag()).isEqualTo(store.head("raw/mp/part-1.parquet").orElseThrow().etag()).contains("-3");
        assertThat(result.checksum().fullObject()).isEqualTo(ObjectChecksum.ofSinglePut(data).fullObject());
        assertThat(result.checksum().composite()).endsWith("-3");
        assertThat(store.listMultipartUploads("raw/mp/")).isEmpty();
        String stored = s3.s3().headObject(b -> b.bucket(s3.bucket()).key("raw/mp/part-1.parquet")
                .checksumMode(ChecksumMode.ENABLED)).checksumCRC32C();
        assertThat(stored).as("the store kept the CRC32C the parts were sent with")
                .isEqualTo(result.checksum().composite());
    }

    @Test
    void thePartChecksumIsVerifiedByTheStore() {
        String uploadId = s3.s3().createMultipartUpload(b -> b.bucket(s3.bucket()).key("raw/bad.bin")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)).uploadId();
        byte[] part = utf8("some part bytes");
        String wrong = ObjectChecksum.crc32c(utf8("other bytes"), 0, 11);

        try {
            assertThatThrownBy(() -> s3.s3().uploadPart(b -> b.bucket(s3.bucket()).key("raw/bad.bin")
                    .uploadId(uploadId).partNumber(1).checksumCRC32C(wrong), RequestBody.fromBytes(part)))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400));
        } finally {
            s3.s3().abortMultipartUpload(b -> b.bucket(s3.bucket()).key("raw/bad.bin").uploadId(uploadId));
        }
    }

    @Test
    void abortLeavesNeitherAnUploadNorAnObject() throws Exception {
        LakeOutputFile file = new LakeOutputFile(store, "raw/ab/part-1.parquet", LakeOutputFile.MIN_PART_SIZE);
        OutputStream out = file.createOrOverwrite(0);
        out.write(new byte[LakeOutputFile.MIN_PART_SIZE + 10]); // one part uploaded, 10 bytes buffered
        assertThat(store.listMultipartUploads("raw/ab/")).hasSize(1);

        file.abort();
        out.close();

        assertThat(store.listMultipartUploads("raw/ab/")).isEmpty();
        assertThat(store.head("raw/ab/part-1.parquet")).isEmpty();
        assertThat(file.result()).isEmpty();
    }

    @Test
    void theSameManifestWrittenFromTwoThreadsAtOnceIsOneObjectAndBothSucceed() throws Exception {
        ManifestStore manifests = new ManifestStore(store, LAYOUT);
        RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
        digest.add(42);
        ChunkManifest manifest = new ChunkManifest("run-2", "c-1", "erp", ORDERS.toString(),
                "raw/erp/sales.orders/ingest_date=2026-01-02/run_id=run-2/part-c-1.parquet", 100, "\"e-1\"",
                new ObjectChecksum("CRC32C", "AAAAAA==", null), 1, JsonNodeFactory.instance.numberNode(1),
                JsonNodeFactory.instance.numberNode(1), Map.of("amount", 0L), Map.of("amount", "9.99"),
                digest.result(), "fp", null);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<ChunkManifest>> writes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long readMillis = i;
                writes.add(threads.submit(() -> {
                    together.await();
                    return manifests.write(new ChunkManifest(manifest.runId(), manifest.chunkId(), manifest.source(),
                            manifest.table(), manifest.objectKey(), manifest.bytes(), manifest.etag(),
                            manifest.checksum(), manifest.rowCount(), manifest.keyMin(), manifest.keyMax(),
                            manifest.nullCounts(), manifest.sums(), manifest.rowHashDigest(),
                            manifest.schemaFingerprint(), new ChunkManifest.Timings(Instant.EPOCH, readMillis, 0)));
                }));
            }
            ChunkManifest a = writes.get(0).get();
            ChunkManifest b = writes.get(1).get();
            assertThat(a.timings()).isEqualTo(b.timings()); // both return the one stored manifest
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.listAll(LAYOUT.chunkManifests("erp", ORDERS, "run-2"))).hasSize(1);
        assertThat(manifests.readChunk("erp", ORDERS, "run-2", "c-1").orElseThrow().sums())
                .containsEntry("amount", "9.99");
    }

    @Test
    void aSecondRunIsRefusedUntilTheLeaseExpiresThenItTakesItOver() {
        Clock early = Clock.fixed(Instant.parse("2026-01-02T03:00:00Z"), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.parse("2026-01-02T03:31:00Z"), ZoneOffset.UTC);
        TableRef table = new TableRef("sales", "leased");
        Lease.Held first = new LeaseStore(store, LAYOUT, early).acquire("erp", table, "r1", "exec-1",
                Duration.ofMinutes(30));

        assertThatThrownBy(() -> new LeaseStore(store, LAYOUT, early).acquire("erp", table, "r2", "exec-2",
                Duration.ofMinutes(30)))
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("r1")
                .hasMessageContaining("2026-01-02T03:30:00Z");
        Lease.Held taken = new LeaseStore(store, LAYOUT, late).acquire("erp", table, "r2", "exec-2",
                Duration.ofMinutes(30));

        assertThat(taken.lease().runId()).isEqualTo("r2");
        assertThat(taken.etag()).isNotEqualTo(first.etag());
        assertThat(new LeaseStore(store, LAYOUT, late).release("erp", table, "r1", "exec-1"))
                .isEqualTo(LeaseStore.Release.NOT_HELD);
        assertThat(new LeaseStore(store, LAYOUT, late).release("erp", table, "r2", "exec-2"))
                .isEqualTo(LeaseStore.Release.RELEASED);
    }

    @Test
    void aWatermarkCommitWithAStaleEtagIsRejected() {
        WatermarkStore watermarks = new WatermarkStore(store, LAYOUT);
        TableRef table = new TableRef("sales", "watermarked");
        String first = watermarks.commit("erp", table,
                JsonNodeFactory.instance.objectNode().put("high", "2026-01-01").put("runId", "r1"), null);
        watermarks.commit("erp", table,
                JsonNodeFactory.instance.objectNode().put("high", "2026-01-02").put("runId", "r2"), first);

        assertThatThrownBy(() -> watermarks.commit("erp", table,
                JsonNodeFactory.instance.objectNode().put("high", "2026-01-03").put("runId", "r3"), first))
                .isInstanceOf(WatermarkConflictException.class).hasMessageContaining("sales.watermarked");
        assertThat(watermarks.read("erp", table).orElseThrow().body().get("high").asText()).isEqualTo("2026-01-02");
    }
}
