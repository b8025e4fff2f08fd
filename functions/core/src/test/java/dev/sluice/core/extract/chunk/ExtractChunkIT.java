package dev.sluice.core.extract.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ForwardingObjectStore;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.TypeMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExtractChunk against embedded PostgreSQL and the in-memory lake, read back with DuckDB. */
class ExtractChunkIT {

    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final Instant RUN_INSTANT = Instant.parse("2026-11-22T01:02:03.456789Z");
    private static final LakeLayout LAYOUT = new LakeLayout("lake", "raw", "_sluice");
    private static final ChunkWriterSettings SETTINGS = new ChunkWriterSettings(LakeConfig.Codec.ZSTD,
            16L * LakeOutputFile.MIB, LakeOutputFile.MIB, true);

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("embedded", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, name varchar(100), amount numeric(12,2), "
                        + "wait interval, placed date)",
                "INSERT INTO shop.orders SELECT g, 'order ' || g, g * 1.25, make_interval(days => g % 3, secs => 1.5),"
                        + " DATE '2026-01-01' + (g % 30) FROM generate_series(1, 3000) g",
                "CREATE TABLE shop.big (id bigint PRIMARY KEY, payload varchar(200) NOT NULL)",
                "INSERT INTO shop.big SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 300000) g",
                "ANALYZE shop.orders", "ANALYZE shop.big");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    static TableConfig table(String name, SchemaPolicy policy, long maxRows) {
        return new TableConfig("embedded", name, List.of("id"), null, null, new ChunkBounds(maxRows, 1L << 30),
                null, null, null, null, policy, null);
    }

    /** The run's plan and schema as the Plan step would produce them now. */
    record Planned(ChunkPlan plan, PlannedSchema schema) {
    }

    static Planned plan(TableConfig table) {
        JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), pg.dataSource()::getConnection);
        SourceTable described = jdbc.describe(TableRef.parse(table.table()));
        TypeMapping mapping = TypeMapping.of(source.engine());
        PlannedSchema schema = PlannedSchema.of(described.columns().stream().map(c -> mapping.map(c, null)).toList());
        ChunkPlan plan = new RunPlanner(jdbc, jdbc, jdbc).plan(table, IsolationLevel.READ_COMMITTED, Optional.empty(),
                schema.fingerprint());
        return new Planned(plan, schema);
    }

    static ChunkAssignment assignment(TableConfig table, Planned planned, int index) {
        return new ChunkAssignment(source, table, planned.plan(), index, INGEST, planned.schema(), RUN_INSTANT);
    }

    static ExtractChunk extractChunk(ObjectStore store, JdbcSource.ConnectionFactory connections) {
        return new ExtractChunk(connections, store, LAYOUT, SETTINGS, LakeOutputFile.MIN_PART_SIZE);
    }

    @Test
    void everyChunkLandsAtItsFixedKeyWithTheManifestInThePlansKeyEncoding() throws Exception {
        TableConfig table = table("shop.orders", SchemaPolicy.FAIL, 1_000);
        Planned planned = plan(table);
        assertThat(planned.plan().chunks()).hasSizeGreaterThan(1);
        InMemoryObjectStore store = new InMemoryObjectStore();
        ExtractChunk extract = extractChunk(store, pg.dataSource()::getConnection);
        long rows = 0;
        for (Chunk chunk : planned.plan().chunks()) {
            ChunkOutcome outcome = extract.extract(assignment(table, planned, chunk.index()));
            ChunkManifest m = outcome.manifest();
            assertThat(outcome.extracted()).isTrue();
            assertThat(m.objectKey()).isEqualTo("raw/embedded/shop.orders/ingest_date=2026-11-22/run_id="
                    + planned.plan().runId() + "/part-" + chunk.id() + ".parquet");
            assertThat(store.head(m.objectKey()).orElseThrow().etag()).isEqualTo(m.etag());
            rows += m.rowCount();
            // the manifest's key range is in the plan's encoding and inside the chunk's bounds
            KeyValue min = keyValue(m.keyMin());
            KeyValue max = keyValue(m.keyMax());
            assertThat(min.type()).isEqualTo(KeyValue.BIGINT);
            if (chunk.range().lowerExclusive() != null) {
                assertThat(min.compareTo(chunk.range().lowerExclusive().getFirst())).isPositive();
            }
            if (chunk.range().upperInclusive() != null) {
                assertThat(max.compareTo(chunk.range().upperInclusive().getFirst())).isLessThanOrEqualTo(0);
            }
            long expected = pg.queryLong("SELECT count(*) FROM shop.orders WHERE id BETWEEN " + min.value() + " AND "
                    + max.value());
            assertThat(m.rowCount()).isEqualTo(expected);
        }
        assertThat(rows).isEqualTo(3000);

        ChunkManifest first = new ManifestStore(store, LAYOUT).readChunks("embedded", TableRef.parse("shop.orders"),
                planned.plan().runId()).stream().filter(m -> keyValue(m.keyMin()).value().equals("1")).findFirst()
                .orElseThrow();
        Path file = dir.resolve("part.parquet");
        Files.write(file, store.get(first.objectKey()).orElseThrow().bytes());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet rs = s.executeQuery("SELECT wait, amount::varchar, placed::varchar, _sluice_extracted_at::varchar,"
                     + " _sluice_run_id FROM read_parquet('" + file + "') WHERE id = 4")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("P1DT1.5S");
            assertThat(rs.getString(2)).isEqualTo("5.00");
            assertThat(rs.getString(3)).isEqualTo("2026-01-05");
            assertThat(rs.getString(4)).startsWith("2026-11-22 01:02:03.456789");
            assertThat(rs.getString(5)).isEqualTo(planned.plan().runId());
        }
    }

    private static KeyValue keyValue(JsonNode key) {
        assertThat(key.isArray()).isTrue();
        assertThat(key.size()).isEqualTo(1);
        return new KeyValue(key.get(0).get("type").asText(), key.get(0).get("value").asText());
    }

    /** Fails the second part upload of every multipart upload, like a process killed between parts. */
    static final class FailingSecondPart extends ForwardingObjectStore {
        final AtomicInteger parts = new AtomicInteger();

        FailingSecondPart(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public MultipartUpload begin(String key, String contentType) {
            MultipartUpload upload = super.begin(key, contentType);
            return new MultipartUpload() {
                @Override
                public String key() {
                    return upload.key();
                }

                @Override
                public String uploadId() {
                    return upload.uploadId();
                }

                @Override
                public PartReceipt uploadPart(byte[] data, int offset, int length) {
                    if (parts.incrementAndGet() == 2) {
                        throw new IllegalStateException("injected: connection reset uploading part 2");
                    }
                    return upload.uploadPart(data, offset, length);
                }

                @Override
                public PutResult complete() {
                    return upload.complete();
                }

                @Override
                public void abort() {
                    upload.abort();
                }
            };
        }
    }

    @Test
    void aChunkKilledBetweenPartsLeavesNothingAndItsRerunIsByteIdentical() {
        TableConfig table = table("shop.big", SchemaPolicy.FAIL, 2_000_000);
        Planned planned = plan(table);
        assertThat(planned.plan().chunks()).hasSize(1);
        InMemoryObjectStore lake = new InMemoryObjectStore();
        FailingSecondPart failing = new FailingSecondPart(lake);
        String objectKey = LAYOUT.chunkObject("embedded", TableRef.parse("shop.big"), INGEST, planned.plan().runId(),
                planned.plan().chunks().getFirst().id());

        assertThatThrownBy(() -> extractChunk(failing, pg.dataSource()::getConnection)
                .extract(assignment(table, planned, 0)))
                .isInstanceOfSatisfying(ExtractChunkException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.chunkId()).isEqualTo(planned.plan().chunks().getFirst().id());
                })
                .hasMessageContaining("shop.big").hasMessageContaining("retry");
        assertThat(failing.parts.get()).isEqualTo(2);
        assertThat(lake.head(objectKey)).isEmpty();
        assertThat(lake.listAll("")).isEmpty();
        assertThat(lake.listMultipartUploads("")).isEmpty();

        ChunkOutcome rerun = extractChunk(lake, pg.dataSource()::getConnection).extract(assignment(table, planned, 0));
        assertThat(rerun.manifest().rowCount()).isEqualTo(300_000);
        assertThat(rerun.manifest().bytes()).isGreaterThan(LakeOutputFile.MIN_PART_SIZE);

        InMemoryObjectStore clean = new InMemoryObjectStore();
        ChunkOutcome reference = extractChunk(clean, pg.dataSource()::getConnection)
                .extract(assignment(table, planned, 0));
        assertThat(lake.get(objectKey).orElseThrow().bytes()).isEqualTo(clean.get(objectKey).orElseThrow().bytes());
        assertThat(rerun.manifest().etag()).isEqualTo(reference.manifest().etag());
        assertThat(withoutTimings(rerun.manifest())).isEqualTo(withoutTimings(reference.manifest()));
    }

    private static ChunkManifest withoutTimings(ChunkManifest m) {
        return new ChunkManifest(m.runId(), m.chunkId(), m.source(), m.table(), m.objectKey(), m.bytes(), m.etag(),
                m.checksum(), m.rowCount(), m.keyMin(), m.keyMax(), m.nullCounts(), m.sums(), m.rowHashDigest(),
                m.schemaFingerprint(), null);
    }

    @Test
    void aCommittedChunkIsNotReadFromTheSourceAgain() {
        TableConfig table = table("shop.orders", SchemaPolicy.FAIL, 1_000);
        Planned planned = plan(table);
        InMemoryObjectStore store = new InMemoryObjectStore();
        AtomicInteger connections = new AtomicInteger();
        JdbcSource.ConnectionFactory counting = () -> {
            connections.incrementAndGet();
            return pg.connection();
        };
        ChunkOutcome first = extractChunk(store, counting).extract(assignment(table, planned, 0));
        int afterFirst = connections.get();
        assertThat(afterFirst).isPositive();

        ChunkOutcome redrive = extractChunk(store, counting).extract(assignment(table, planned, 0));
        assertThat(redrive.extracted()).isFalse();
        assertThat(redrive.extraction()).isEmpty();
        assertThat(redrive.manifest()).isEqualTo(first.manifest());
        assertThat(connections.get()).isEqualTo(afterFirst);

        // a manifest whose object is not the one it describes is not trusted: the chunk is read again
        store.putIfMatch(first.manifest().objectKey(), new byte[] {1, 2, 3}, "application/octet-stream",
                store.head(first.manifest().objectKey()).orElseThrow().etag());
        ChunkOutcome repaired = extractChunk(store, counting).extract(assignment(table, planned, 0));
        assertThat(repaired.extracted()).isTrue();
        assertThat(connections.get()).isGreaterThan(afterFirst);
        assertThat(store.head(first.manifest().objectKey()).orElseThrow().etag()).isEqualTo(first.manifest().etag());
    }

    @Test
    void aColumnWhoseTypeChangedSincePlanningFailsNamingIt() {
        pg.execute("CREATE TABLE shop.drift_type (id bigint PRIMARY KEY, qty integer)",
                "INSERT INTO shop.drift_type SELECT g, g FROM generate_series(1, 10) g");
        TableConfig table = table("shop.drift_type", SchemaPolicy.EVOLVE, 1_000);
        Planned planned = plan(table);
        pg.execute("ALTER TABLE shop.drift_type ALTER COLUMN qty TYPE numeric(10,2)");
        InMemoryObjectStore store = new InMemoryObjectStore();
        assertThatThrownBy(() -> extractChunk(store, pg.dataSource()::getConnection)
                .extract(assignment(table, planned, 0)))
                .isInstanceOfSatisfying(ExtractChunkException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("'qty'").hasMessageContaining("changed type");
        assertThat(store.listAll("")).isEmpty();
    }

    @Test
    void aNewNullableColumnPassesUnderEvolveAndFailsUnderFail() {
        pg.execute("CREATE TABLE shop.drift_add (id bigint PRIMARY KEY, qty integer)",
                "INSERT INTO shop.drift_add SELECT g, g FROM generate_series(1, 10) g");
        TableConfig evolve = table("shop.drift_add", SchemaPolicy.EVOLVE, 1_000);
        TableConfig fail = table("shop.drift_add", SchemaPolicy.FAIL, 1_000);
        Planned planned = plan(evolve);
        pg.execute("ALTER TABLE shop.drift_add ADD COLUMN note varchar(20)");

        InMemoryObjectStore failStore = new InMemoryObjectStore();
        assertThatThrownBy(() -> extractChunk(failStore, pg.dataSource()::getConnection)
                .extract(assignment(fail, planned, 0)))
                .isInstanceOf(ExtractChunkException.class)
                .hasMessageContaining("'note'").hasMessageContaining("schemaPolicy is fail");
        assertThat(failStore.listAll("")).isEmpty();

        InMemoryObjectStore store = new InMemoryObjectStore();
        ChunkOutcome outcome = extractChunk(store, pg.dataSource()::getConnection).extract(assignment(evolve, planned, 0));
        assertThat(outcome.manifest().rowCount()).isEqualTo(10);
        assertThat(outcome.drift().orElseThrow().added()).extracting(c -> c.name()).containsExactly("note");
        // the run keeps its planned schema: the new column is carried from the next plan on
        assertThat(outcome.manifest().nullCounts()).doesNotContainKey("note").containsKey("qty");
    }
}
