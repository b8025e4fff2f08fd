package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.lambda.aws.testing.AwsWorld;
import dev.sluice.lambda.aws.testing.InAwsWorld;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * The lake port's S3 adapter ({@link S3ObjectStore}, built by {@link AwsClientFactory} with an endpoint override and
 * path-style addressing) against the test JVM's {@link AwsWorld}: the same assertions hold on LocalStack and on
 * S3Proxy, so the conditional writes the leases, manifests and watermarks rely on, and the multipart path the
 * Parquet writer streams through, behave alike in both.
 */
@InAwsWorld
class ObjectStoreInAwsWorldIT {

    private static ObjectStore store;
    private static String bucket;
    private static AwsWorld world;

    @BeforeAll
    static void bucket(AwsWorld awsWorld) {
        world = awsWorld;
        bucket = AwsWorld.uniqueName("lake-objects");
        store = awsWorld.createBucket(bucket);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void ifNoneMatchAndIfMatchAreEnforcedAsPreconditionFailures() {
        ObjectStore.PutResult first = store.putIfAbsent("cond/watermark.json", utf8("{\"v\":1}"), "application/json");

        assertThatThrownBy(() -> store.putIfAbsent("cond/watermark.json", utf8("{\"v\":2}"), "application/json"))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("cond/watermark.json");
        ObjectStore.PutResult second = store.putIfMatch("cond/watermark.json", utf8("{\"v\":3}"), "application/json",
                first.etag());
        assertThatThrownBy(() -> store.putIfMatch("cond/watermark.json", utf8("{\"v\":4}"), "application/json",
                first.etag())).isInstanceOf(PreconditionFailedException.class);

        ObjectStore.StoredObject stored = store.get("cond/watermark.json").orElseThrow();
        assertThat(new String(stored.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":3}");
        assertThat(stored.etag()).isEqualTo(second.etag()).isNotEqualTo(first.etag());
        assertThat(store.get("cond/missing.json")).isEmpty();
        assertThat(world.clients().s3().headObject(b -> b.bucket(bucket).key("cond/watermark.json")
                .checksumMode(ChecksumMode.ENABLED)).checksumCRC32C()).isEqualTo(second.checksum().fullObject());
    }

    @Test
    void aMultipartObjectIsStoredWithItsCompositeChecksumAndLeavesNoUpload() throws Exception {
        byte[] data = new byte[LakeOutputFile.MIN_PART_SIZE + 1000]; // one full part and a short last one
        new Random(8).nextBytes(data);
        LakeOutputFile file = new LakeOutputFile(store, "raw/mp/part-1.parquet", LakeOutputFile.MIN_PART_SIZE);

        try (PositionOutputStream out = file.createOrOverwrite(0)) {
            out.write(data);
        }

        ObjectStore.PutResult result = file.result().orElseThrow();
        assertThat(store.get("raw/mp/part-1.parquet").orElseThrow().bytes()).isEqualTo(data);
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.etag()).isEqualTo(store.head("raw/mp/part-1.parquet").orElseThrow().etag()).contains("-2");
        assertThat(result.checksum().fullObject()).isEqualTo(ObjectChecksum.ofSinglePut(data).fullObject());
        assertThat(store.listMultipartUploads("raw/mp/")).isEmpty();
    }

    @Test
    void anAbortedUploadLeavesNeitherAnUploadNorAnObject() throws Exception {
        LakeOutputFile file = new LakeOutputFile(store, "raw/ab/part-1.parquet", LakeOutputFile.MIN_PART_SIZE);
        OutputStream out = file.createOrOverwrite(0);
        out.write(new byte[LakeOutputFile.MIN_PART_SIZE + 10]); // one part uploaded, 10 bytes buffered
        assertThat(store.listMultipartUploads("raw/ab/")).extracting(ObjectStore.PendingUpload::key)
                .containsExactly("raw/ab/part-1.parquet");

        file.abort();
        out.close();

        assertThat(store.listMultipartUploads("raw/ab/")).isEmpty();
        assertThat(store.head("raw/ab/part-1.parquet")).isEmpty();
        assertThat(file.result()).isEmpty();
    }
}
