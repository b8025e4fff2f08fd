package dev.sluice.local.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.chunk.ChunkAssignment;
import dev.sluice.core.extract.chunk.ChunkOutcome;
import dev.sluice.core.extract.chunk.ExtractChunk;
import dev.sluice.core.extract.chunk.ExtractChunkException;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.lambda.aws.testing.S3ProxyFixture;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ExtractChunk on embedded PostgreSQL into S3 (S3Proxy through the real S3 adapter): faults and races. */
class ExtractChunkS3IT {

    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final Instant RUN_INSTANT = Instant.parse("2026-11-22T01:02:03Z");
    private static final LakeLayout LAYOUT = new LakeLayout("lake", "raw", "_sluice");
    private static final ChunkWriterSettings SETTINGS = new ChunkWriterSettings(LakeConfig.Codec.ZSTD,
            16L * LakeOutputFile.MIB, LakeOutputFile.MIB, true);
    private static final TableConfig TABLE = new TableConfig("embedded", "shop.big", List.of("id"), null, null,
            new ChunkBounds(2_000_000, 1L << 30), null, null, null, null, SchemaPolicy.FAIL, null);

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;
    static ChunkAssignment assignment;
    S3ProxyFixture s3;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("embedded", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.big (id bigint PRIMARY KEY, payload varchar(200) NOT NULL, qty integer)",
                "INSERT INTO shop.big SELECT g, md5(g::text) || md5((g * 7)::text), "
                        + "CASE WHEN g % 10 = 0 THEN NULL ELSE g % 1000 END FROM generate_series(1, 300000) g",
                "ANALYZE shop.big");
        JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), pg.dataSource()::getConnection);
        SourceTable described = jdbc.describe(TableRef.parse("shop.big"));
        TypeMapping mapping = TypeMapping.of(source.engine());
        PlannedSchema schema = PlannedSchema.of(described.columns().stream().map(c -> mapping.map(c, null)).toList());
        ChunkPlan plan = new RunPlanner(jdbc, jdbc, jdbc).plan(TABLE, IsolationLevel.READ_COMMITTED, Optional.empty(),
                schema.fingerprint());
        assertThat(plan.chunks()).hasSize(1);
        assignment = new ChunkAssignment(source, TABLE, plan, 0, INGEST, schema, RUN_INSTANT);
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @BeforeEach
    void startS3() throws Exception {
        s3 = S3ProxyFixture.inMemory("lake");
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    private static ExtractChunk extractChunk(ObjectStore store) {
        return new ExtractChunk(pg.dataSource()::getConnection, store, LAYOUT, SETTINGS, LakeOutputFile.MIN_PART_SIZE);
    }

    private static String objectKey() {
        return LAYOUT.chunkObject("embedded", TableRef.parse("shop.big"), INGEST, assignment.plan().runId(),
                assignment.chunk().id());
    }

    @Test
    void theSameChunkRunTwiceAtOnceCommitsOneObjectAndOneManifest() throws Exception {
        ObjectStore lake = s3.objectStore();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ChunkOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return extractChunk(lake).extract(assignment);
                }));
            }
            go.countDown();
            ChunkOutcome a = runs.get(0).get(5, TimeUnit.MINUTES);
            ChunkOutcome b = runs.get(1).get(5, TimeUnit.MINUTES);
            assertThat(a.manifest()).isEqualTo(b.manifest());
            assertThat(a.manifest().rowCount()).isEqualTo(300_000);
            assertThat(a.manifest().nullCounts()).containsEntry("qty", 30_000L);
        } finally {
            pool.shutdownNow();
        }
        List<ObjectStore.ObjectInfo> objects = lake.listAll("raw/");
        assertThat(objects).extracting(ObjectStore.ObjectInfo::key).containsExactly(objectKey());
        assertThat(lake.listAll("_sluice/")).hasSize(1);
        assertThat(lake.listMultipartUploads("")).isEmpty();
        var stored = extractChunk(lake).extract(assignment);
        assertThat(stored.extracted()).isFalse();
        assertThat(objects.getFirst().etag()).isEqualTo(stored.manifest().etag());
    }

    @Test
    void aChunkKilledBetweenPartsLeavesNoObjectManifestOrUploadAndTheRerunIsIdentical() {
        ObjectStore lake = s3.objectStore();
        AtomicInteger parts = new AtomicInteger();
        ObjectStore failing = new ForwardingObjectStore(lake) {
            @Override
            public MultipartUpload begin(String key, String contentType) {
                MultipartUpload upload = super.begin(key, contentType);
                return new MultipartUpload() {
                    public String key() {
                        return upload.key();
                    }

                    public String uploadId() {
                        return upload.uploadId();
                    }

                    public PartReceipt uploadPart(byte[] data, int offset, int length) {
                        if (parts.incrementAndGet() == 2) {
                            throw new IllegalStateException("injected: the process dies before part 2");
                        }
                        return upload.uploadPart(data, offset, length);
                    }

                    public PutResult complete() {
                        return upload.complete();
                    }

                    public void abort() {
                        upload.abort();
                    }
                };
            }
        };
        assertThatThrownBy(() -> extractChunk(failing).extract(assignment))
                .isInstanceOfSatisfying(ExtractChunkException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(parts.get()).isEqualTo(2);
        assertThat(lake.head(objectKey())).isEmpty();
        assertThat(lake.listAll("")).isEmpty();
        assertThat(lake.listMultipartUploads("")).isEmpty();

        ChunkOutcome rerun = extractChunk(lake).extract(assignment);
        assertThat(rerun.extracted()).isTrue();
        assertThat(rerun.manifest().bytes()).isGreaterThan(LakeOutputFile.MIN_PART_SIZE);
        InMemoryObjectStore reference = new InMemoryObjectStore();
        ChunkOutcome clean = extractChunk(reference).extract(assignment);
        assertThat(lake.get(objectKey()).orElseThrow().bytes())
                .isEqualTo(reference.get(objectKey()).orElseThrow().bytes());
        assertThat(rerun.manifest().rowHashDigest()).isEqualTo(clean.manifest().rowHashDigest());
        assertThat(rerun.manifest().checksum()).isEqualTo(clean.manifest().checksum());
    }
}
