package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.sluice.core.extract.chunk.PlannedSchema;
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
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.lambda.aws.testing.AwsWorld;
import dev.sluice.lambda.aws.testing.InAwsWorld;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ExtractChunk from embedded PostgreSQL into the test JVM's {@link AwsWorld} through the real S3 adapter: the Parquet
 * object and its manifest land in the world's bucket byte for byte as they do in memory, and a rerun of the committed
 * chunk changes nothing (the conditional writes hold on LocalStack as on S3Proxy).
 *
 * <p>Tagged {@code localstack}: it runs with {@code -Plocalstack} (on LocalStack, or on the stand-ins without Docker)
 * and not in the default build, which keeps the default build's cost of the AWS worlds near 25 s; in the stand-in
 * world local mode's {@code ExtractChunkS3IT} covers the same path on every build.
 */
@InAwsWorld
@Tag("localstack")
class ExtractChunkInAwsWorldIT {

    private static final TableRef ORDERS = TableRef.parse("shop.orders");
    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final ChunkWriterSettings SETTINGS = new ChunkWriterSettings(LakeConfig.Codec.ZSTD,
            16L * LakeOutputFile.MIB, LakeOutputFile.MIB, true);
    private static final TableConfig TABLE = new TableConfig("embedded", ORDERS.toString(), List.of("id"), null, null,
            new ChunkBounds(1_000_000, 1L << 30), null, null, null, null, SchemaPolicy.FAIL, null);

    private static EmbeddedPostgresFixture pg;
    private static ChunkAssignment assignment;

    @BeforeAll
    static void source() {
        pg = EmbeddedPostgresFixture.start();
        SourceConfig source = pg.sourceConfig("embedded", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL, amount numeric(12,2),"
                        + " placed_at timestamp NOT NULL)",
                "INSERT INTO shop.orders SELECT g, 'customer-' || (g % 37), CASE WHEN g % 9 = 0 THEN NULL"
                        + " ELSE ((g * 31) % 100000) / 100.0 END, timestamp '2026-01-01' + g * interval '1 minute'"
                        + " FROM generate_series(1, 2000) g",
                "ANALYZE shop.orders");
        JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), pg.dataSource()::getConnection);
        SourceTable described = jdbc.describe(ORDERS);
        TypeMapping mapping = TypeMapping.of(source.engine());
        PlannedSchema schema = PlannedSchema.of(described.columns().stream().map(c -> mapping.map(c, null)).toList());
        ChunkPlan plan = new RunPlanner(jdbc, jdbc, jdbc).plan(TABLE, IsolationLevel.READ_COMMITTED, Optional.empty(),
                schema.fingerprint());
        assertThat(plan.chunks()).hasSize(1);
        assignment = new ChunkAssignment(source, TABLE, plan, 0, INGEST, schema, Instant.parse("2026-11-22T01:02:03Z"));
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ExtractChunk extractChunk(ObjectStore store, LakeLayout layout) {
        return new ExtractChunk(pg.dataSource()::getConnection, store, layout, SETTINGS, LakeOutputFile.MIN_PART_SIZE);
    }

    @Test
    void aChunkLandsInTheWorldsLakeAsItDoesInMemoryAndARerunChangesNothing(AwsWorld world) {
        String bucket = AwsWorld.uniqueName("lake-extract");
        ObjectStore lake = world.createBucket(bucket);
        LakeLayout layout = new LakeLayout(bucket, "raw", "_sluice");
        String key = layout.chunkObject("embedded", ORDERS, INGEST, assignment.plan().runId(),
                assignment.chunk().id());

        ChunkOutcome first = extractChunk(lake, layout).extract(assignment);
        ChunkOutcome rerun = extractChunk(lake, layout).extract(assignment);

        InMemoryObjectStore reference = new InMemoryObjectStore();
        ChunkOutcome inMemory = extractChunk(reference, new LakeLayout(bucket, "raw", "_sluice")).extract(assignment);
        assertThat(first.extracted()).isTrue();
        assertThat(first.manifest().rowCount()).isEqualTo(2000);
        assertThat(first.manifest().nullCounts()).containsEntry("amount", 222L);
        assertThat(first.manifest().objectKey()).isEqualTo(key);
        assertThat(lake.get(key).orElseThrow().bytes()).isEqualTo(reference.get(key).orElseThrow().bytes());
        assertThat(first.manifest().rowHashDigest()).isEqualTo(inMemory.manifest().rowHashDigest());
        assertThat(first.manifest().checksum()).isEqualTo(inMemory.manifest().checksum());
        assertThat(lake.head(key).orElseThrow().etag()).isEqualTo(first.manifest().etag());
        assertThat(rerun.extracted()).as("the committed chunk is not extracted again").isFalse();
        assertThat(rerun.manifest()).isEqualTo(first.manifest());
        assertThat(new ManifestStore(lake, layout).readChunks("embedded", ORDERS, assignment.plan().runId()))
                .containsExactly(first.manifest());
        assertThat(lake.listAll("raw/")).extracting(ObjectStore.ObjectInfo::key).containsExactly(key);
        assertThat(lake.listMultipartUploads("")).isEmpty();
    }
}
