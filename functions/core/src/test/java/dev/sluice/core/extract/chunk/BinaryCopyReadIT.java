package dev.sluice.core.extract.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresCopyOut;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.TypeMapping;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * The binary COPY read against the JDBC read of the same chunks: the Parquet objects must be byte for byte the same
 * (same values, same row hashes, same layout) and the manifests equal (row count, key bounds, nulls, sums, digest),
 * for every type the decoder reads, including NULLs, extremes and values that take the decoder's slow paths.
 */
class BinaryCopyReadIT {

    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final Instant RUN_INSTANT = Instant.parse("2026-11-22T01:02:03.456789Z");
    private static final LakeLayout LAYOUT = new LakeLayout("lake", "raw", "_sluice");
    private static final ChunkWriterSettings SETTINGS = new ChunkWriterSettings(LakeConfig.Codec.ZSTD,
            16L * LakeOutputFile.MIB, LakeOutputFile.MIB, true);

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("embedded", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA kinds",
                "CREATE TABLE kinds.everything (id bigint PRIMARY KEY, i2 int2, i4 int4, i8 int8, b bool,"
                        + " f4 float4, f8 float8, n9 numeric(9,2), n18 numeric(18,4), n38 numeric(38,10),"
                        + " n38whole numeric(38,0), t text, vc varchar(40), bp char(6), js json, u uuid, by bytea,"
                        + " d date, ts timestamp, tz timestamptz)",
                "INSERT INTO kinds.everything SELECT g,"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 65536 - 32768)::int2 END,"
                        + " CASE WHEN g % 7 = 1 THEN NULL ELSE (g * 104729 % 2147483647 - 1073741823)::int4 END,"
                        + " CASE WHEN g % 7 = 2 THEN NULL ELSE g * 1000000007 * (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END) END,"
                        + " CASE WHEN g % 7 = 3 THEN NULL ELSE g % 3 = 0 END,"
                        + " CASE WHEN g % 7 = 4 THEN NULL ELSE (g / 7.0 - 300)::float4 END,"
                        + " CASE WHEN g % 7 = 5 THEN NULL ELSE g / 3.0 - 1000 END,"
                        + " CASE WHEN g % 7 = 6 THEN NULL ELSE ((g * 37 % 2000000) - 1000000) / 100.0 END,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE ((g * 7919 % 100000000) - 50000000) / 10000.0 END,"
                        + " CASE WHEN g % 5 = 1 THEN NULL ELSE (g * 123456789012345::numeric * 1000000000"
                        + " + g) / 10000000000.0 * (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END) END,"
                        + " CASE WHEN g % 5 = 2 THEN NULL ELSE (10::numeric ^ (g % 37))::numeric(38,0) - g END,"
                        + " CASE WHEN g % 5 = 3 THEN NULL WHEN g % 11 = 0 THEN '' ELSE 'text ' || g || ' é ✓ 𝄞' END,"
                        + " CASE WHEN g % 5 = 4 THEN NULL ELSE md5(g::text) END,"
                        + " CASE WHEN g % 6 = 0 THEN NULL ELSE (g % 1000)::text END,"
                        + " CASE WHEN g % 6 = 1 THEN NULL ELSE json_build_object('g', g, 's', 'x y')::json END,"
                        + " CASE WHEN g % 6 = 2 THEN NULL ELSE md5(g::text)::uuid END,"
                        + " CASE WHEN g % 6 = 3 THEN NULL WHEN g % 13 = 0 THEN ''::bytea"
                        + " ELSE decode(md5(g::text), 'hex') || '\\x00ff'::bytea END,"
                        + " CASE WHEN g % 6 = 4 THEN NULL ELSE DATE '1850-03-01' + (g * 13 % 80000)::int END,"
                        + " CASE WHEN g % 6 = 5 THEN NULL ELSE TIMESTAMP '1890-01-01 00:00:00.000001'"
                        + " + g * interval '12345.678901 second' * 1000 END,"
                        + " CASE WHEN g % 4 = 0 THEN NULL ELSE TIMESTAMPTZ '1969-12-31 23:59:59.999999+00'"
                        + " + g * interval '7777.123457 second' * (g % 9 - 4) END"
                        + " FROM generate_series(1::bigint, 4000) g",
                "INSERT INTO kinds.everything (id, i2, i4, i8, f4, f8, n9, n18, n38, n38whole, t, d, ts, tz) VALUES"
                        + " (4001, -32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity', -9999999.99,"
                        + " 99999999999999.9999, -9999999999999999999999999999.9999999999,"
                        + " 99999999999999999999999999999999999999, '', DATE '2000-01-01',"
                        + " TIMESTAMP '2000-01-01 00:00:00', TIMESTAMPTZ '2000-01-01 00:00:00+00'),"
                        + " (4002, 32767, 2147483647, 9223372036854775807, '-0', 'Infinity', 0, 0.0001,"
                        + " 0.0000000001, -99999999999999999999999999999999999999, 'last', DATE '1999-12-31',"
                        + " TIMESTAMP '1999-12-31 23:59:59.999999', TIMESTAMPTZ '1999-12-31 23:59:59.999999+00')",
                "CREATE TABLE kinds.withinterval (id bigint PRIMARY KEY, wait interval)",
                "INSERT INTO kinds.withinterval SELECT g, g * interval '1 minute' FROM generate_series(1, 50) g",
                "CREATE TABLE kinds.badday (id bigint PRIMARY KEY, d date)",
                "INSERT INTO kinds.badday VALUES (1, DATE '2020-01-01'), (2, 'infinity')",
                "ANALYZE kinds.everything", "ANALYZE kinds.withinterval", "ANALYZE kinds.badday");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    /** PgJDBC's COPY OUT as the port, counting how often it is used. */
    static PostgresCopyOut copyOut(AtomicInteger opened) {
        return (connection, sql) -> {
            opened.incrementAndGet();
            return new PGCopyInputStream(connection.unwrap(PGConnection.class), sql);
        };
    }

    static ExtractChunk withCopy(InMemoryObjectStore store, AtomicInteger opened) {
        return new ExtractChunk(pg.dataSource()::getConnection, store, LAYOUT, SETTINGS, LakeOutputFile.MIN_PART_SIZE,
                copyOut(opened));
    }

    static ExtractChunk jdbcOnly(InMemoryObjectStore store) {
        return new ExtractChunk(pg.dataSource()::getConnection, store, LAYOUT, SETTINGS, LakeOutputFile.MIN_PART_SIZE);
    }

    static TableConfig table(String name, long maxRows) {
        ColumnOverride lossy = new ColumnOverride(ColumnOverride.Policy.ACCEPT_LOSSY, "unbounded: Redshift limits");
        return new TableConfig("embedded", name, List.of("id"), null, null, new ChunkBounds(maxRows, 1L << 30),
                null, null, Map.of("t", lossy, "js", lossy, "by", lossy), null, SchemaPolicy.FAIL, null);
    }

    record Planned(ChunkPlan plan, PlannedSchema schema) {
    }

    static Planned plan(TableConfig table) {
        JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), pg.dataSource()::getConnection);
        SourceTable described = jdbc.describe(TableRef.parse(table.table()));
        TypeMapping mapping = TypeMapping.of(source.engine());
        PlannedSchema schema = PlannedSchema.of(described.columns().stream().map(c -> mapping.map(c, table.columns().get(c.name())))
                .toList());
        return new Planned(new RunPlanner(jdbc, jdbc, jdbc).plan(table, IsolationLevel.READ_COMMITTED,
                Optional.empty(), schema.fingerprint()), schema);
    }

    static ChunkAssignment assignment(TableConfig table, Planned planned, int index) {
        return new ChunkAssignment(source, table, planned.plan(), index, INGEST, planned.schema(), RUN_INSTANT);
    }

    @Test
    void everyChunkReadThroughBinaryCopyEqualsTheJdbcReadByteForByte() {
        TableConfig table = table("kinds.everything", 900);
        Planned planned = plan(table);
        assertThat(planned.plan().chunks()).hasSizeGreaterThan(2); // bounded chunks: the bounds become literals
        InMemoryObjectStore jdbcLake = new InMemoryObjectStore();
        InMemoryObjectStore copyLake = new InMemoryObjectStore();
        AtomicInteger opened = new AtomicInteger();
        ExtractChunk jdbc = jdbcOnly(jdbcLake);
        ExtractChunk copy = withCopy(copyLake, opened);
        long rows = 0;
        List<String> compared = new ArrayList<>();
        for (Chunk chunk : planned.plan().chunks()) {
            ChunkManifest viaJdbc = jdbc.extract(assignment(table, planned, chunk.index())).manifest();
            ChunkManifest viaCopy = copy.extract(assignment(table, planned, chunk.index())).manifest();
            assertThat(viaCopy).usingRecursiveComparison().ignoringFields("timings").isEqualTo(viaJdbc);
            assertThat(copyLake.get(viaCopy.objectKey()).orElseThrow().bytes())
                    .isEqualTo(jdbcLake.get(viaJdbc.objectKey()).orElseThrow().bytes());
            rows += viaCopy.rowCount();
            compared.add(chunk.id());
        }
        assertThat(opened.get()).isEqualTo(compared.size());
        assertThat(rows).isEqualTo(4002);
    }

    @Test
    void aColumnWithoutABinaryDecoderReadsTheChunkOverJdbc() {
        TableConfig table = table("kinds.withinterval", 1_000);
        Planned planned = plan(table);
        AtomicInteger opened = new AtomicInteger();
        ChunkManifest manifest = withCopy(new InMemoryObjectStore(), opened)
                .extract(assignment(table, planned, 0)).manifest();
        assertThat(opened.get()).isZero();
        assertThat(manifest.rowCount()).isEqualTo(50);
    }

    @Test
    void aValueTheLakeCannotHoldFailsTheCopyReadNamingColumnAndKeyAndLeavesNothing() {
        TableConfig table = table("kinds.badday", 1_000);
        Planned planned = plan(table);
        AtomicInteger opened = new AtomicInteger();
        InMemoryObjectStore lake = new InMemoryObjectStore();
        assertThatThrownBy(() -> withCopy(lake, opened).extract(assignment(table, planned, 0)))
                .isInstanceOf(ExtractChunkException.class)
                .hasMessageContaining("kinds.badday.d in chunk")
                .hasMessageContaining("at key id=2: the date is infinity");
        assertThat(opened.get()).isEqualTo(1);
        assertThat(lake.objectCount()).isZero();
        assertThat(lake.listMultipartUploads("")).isEmpty();
    }
}
