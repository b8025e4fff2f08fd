package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.PreconditionFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local lake: S3Proxy over a directory, objects as files where {@link LocalLake#fileOf} says. */
class LocalLakeIT {

    @TempDir
    Path directory;

    @Test
    void anObjectWrittenThroughTheS3AdapterIsTheFileOfItsKeyAndOutlivesTheProxy() throws Exception {
        String key = "raw/demo/sales.orders/ingest_date=2026-11-22/run_id=r1/part-c0.parquet";
        byte[] body = "PAR1 not really".getBytes(StandardCharsets.UTF_8);
        try (LocalLake lake = LocalLake.start(directory.resolve("lake"), "sluice-demo-lake")) {
            lake.objectStore().putIfAbsent(key, body, "application/octet-stream");
            assertThatThrownBy(() -> lake.objectStore().putIfAbsent(key, new byte[] {1}, "application/octet-stream"))
                    .isInstanceOf(PreconditionFailedException.class);

            Path file = lake.fileOf(key);
            assertThat(file).isEqualTo(directory.resolve("lake").toAbsolutePath().resolve("sluice-demo-lake")
                    .resolve("raw/demo/sales.orders/ingest_date=2026-11-22/run_id=r1/part-c0.parquet"));
            assertThat(Files.readAllBytes(file)).isEqualTo(body);
            assertThat(lake.fileOf("raw/demo/sales.orders/")).isEqualTo(file.getParent().getParent().getParent());
            assertThat(lake.endpoint().getHost()).isEqualTo("127.0.0.1");
        }
        // a second start over the same directory finds the bucket and the object
        try (LocalLake again = LocalLake.start(directory.resolve("lake"), "sluice-demo-lake")) {
            assertThat(again.objectStore().get(key).orElseThrow().bytes()).isEqualTo(body);
            assertThat(again.objectStore().listAll("raw/")).hasSize(1);
        }
    }

    @Test
    void keysThatLeaveTheBucketAndBadBucketNamesAreRefused() {
        assertThatThrownBy(() -> LocalLake.start(directory, "Not_A_Bucket"))
                .hasMessageContaining("lake.bucket 'Not_A_Bucket'");
        try (LocalLake lake = LocalLake.start(directory, "lake-bucket")) {
            assertThatThrownBy(() -> lake.fileOf("raw/../../etc/passwd")).hasMessageContaining("'..'");
            assertThatThrownBy(() -> lake.fileOf("/raw/x")).hasMessageContaining("not a relative");
            assertThat(lake.keyOf("s3://lake-bucket/raw/a/")).isEqualTo("raw/a/");
            assertThatThrownBy(() -> lake.keyOf("s3://other/raw/a/")).hasMessageContaining("not in the local lake");
        }
    }
}
