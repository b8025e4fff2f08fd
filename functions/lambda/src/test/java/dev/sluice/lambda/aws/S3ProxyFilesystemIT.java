package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.lambda.aws.testing.S3ProxyFixture;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem-backed S3Proxy that local mode runs over {@code .sluice/lake}: conditional writes and multipart
 * uploads behave as on the in-memory store, and objects are files that outlive the proxy.
 */
class S3ProxyFilesystemIT {

    @TempDir
    Path lake;

    @Test
    void conditionalWritesMultipartAndAbortWorkOnTheFilesystemStore() throws Exception {
        byte[] data = new byte[LakeOutputFile.MIN_PART_SIZE + 77];
        new Random(5).nextBytes(data);
        try (S3ProxyFixture s3 = S3ProxyFixture.onFilesystem(lake, "local-lake")) {
            ObjectStore store = s3.objectStore();
            String etag = store.putIfAbsent("_sluice/state/w.json", "{}".getBytes(StandardCharsets.UTF_8),
                    "application/json").etag();
            assertThatThrownBy(() -> store.putIfAbsent("_sluice/state/w.json", new byte[] {1}, "application/json"))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThatThrownBy(() -> store.putIfMatch("_sluice/state/w.json", new byte[] {1}, "application/json",
                    "\"0123456789abcdef0123456789abcdef\"")).isInstanceOf(PreconditionFailedException.class);
            store.putIfMatch("_sluice/state/w.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8),
                    "application/json", etag);

            LakeOutputFile file = new LakeOutputFile(store, "raw/t/part-1.parquet", LakeOutputFile.MIN_PART_SIZE);
            try (OutputStream out = file.createOrOverwrite(0)) {
                out.write(data);
            }
            LakeOutputFile aborted = new LakeOutputFile(store, "raw/t/part-2.parquet", LakeOutputFile.MIN_PART_SIZE);
            OutputStream out = aborted.createOrOverwrite(0);
            out.write(data);
            aborted.abort();

            assertThat(store.get("raw/t/part-1.parquet").orElseThrow().bytes()).isEqualTo(data);
            assertThat(store.head("raw/t/part-2.parquet")).isEmpty();
            assertThat(store.listMultipartUploads("")).isEmpty();
            assertThat(new String(store.get("_sluice/state/w.json").orElseThrow().bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"v\":2}");
        }
        try (Stream<Path> files = Files.walk(lake)) {
            assertThat(files.filter(p -> p.endsWith(Path.of("raw", "t", "part-1.parquet"))))
                    .singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(data.length));
        }
    }
}
