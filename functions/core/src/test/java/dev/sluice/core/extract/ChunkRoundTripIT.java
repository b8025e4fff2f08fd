package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.Engine;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracts a PostgreSQL table holding edge values of every type family, then reads the Parquet back with
 * parquet-java and with DuckDB {@code read_parquet}: each value equals the source value, or what the declared lossy
 * policy says exactly.
 */
class ChunkRoundTripIT {

    private static final TableRef TABLE = new TableRef("public", "edge");
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00.123456789Z");
    private static PostgresFixture pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = new PostgresFixture();
        pg.execute("""
                CREATE TABLE edge (id int8 PRIMARY KEY, i2 int2, i4 int4, i8 int8, n numeric(38,10), nu numeric,
                  n12 numeric(12,2), f8 float8, f4 float4, b bool, t text, bin bytea, u uuid, j jsonb, arr int4[],
                  iv interval, d date, tm time, tz timestamptz, ts timestamp, ttz timetz)""",
                """
                INSERT INTO edge VALUES
                (1, 32767, 2147483647, 9223372036854775807, 9999999999999999999999999999.9999999999,
                 0.00000000005, 9999999999.99, '-0', 'NaN', true, E'\\U0001F600 \\U0010FFFD end', NULL,
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{1,NULL,3}',
                 '1 year 2 mons 3 days 04:05:06.5', '0001-01-01', '23:59:59.999999',
                 '2026-03-29 00:59:59.999999+00', '2026-01-02 03:04:05.123456', '01:00:00+02'),
                (2, -32768, -2147483648, -9223372036854775808, -9999999999999999999999999999.9999999999,
                 -1.5, -0.01, 'Infinity', '-Infinity', false, '', '', '00000000-0000-0000-0000-000000000000',
                 'null', '{}', '-1 days', '4713-01-01 BC', '00:00:00', '2026-03-29 01:00:00+00',
                 '1969-12-31 23:59:59.999999', '23:30:00-01'),
                (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL),
                (4, 0, 0, 0, 0.0000000001, 12345678901234567890.123456789012, 0, '-Infinity', '-0', true,
                 repeat('x', 1048576), NULL, NULL, '[]', '{{1,2},{3,4}}', '0', '2026-10-25', '12:00:00',
                 '2026-10-25 00:59:59.999999+00', '2026-10-25 01:00:00', '00:00:00+00')""");
        pg.execute("UPDATE edge SET bin = (SELECT string_agg(set_byte('\\x00'::bytea, 0, g), ''::bytea ORDER BY g) "
                + "FROM generate_series(0, 255) g) WHERE id = 1");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    static List<ColumnMapping> mappings() {
        TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
        ColumnOverride lossy = new ColumnOverride(Policy.ACCEPT_LOSSY, "test");
        Object[][] columns = {
                {"id", "int8", 0, 0, null}, {"i2", "int2", 0, 0, null}, {"i4", "int4", 0, 0, null},
                {"i8", "int8", 0, 0, null}, {"n", "numeric", 38, 10, null}, {"nu", "numeric", -1, -1, lossy},
                {"n12", "numeric", 12, 2, null}, {"f8", "float8", 0, 0, null}, {"f4", "float4", 0, 0, null},
                {"b", "bool", 0, 0, null}, {"t", "text", -1, 0, lossy}, {"bin", "bytea", -1, 0, lossy},
                {"u", "uuid", 0, 0, null}, {"j", "jsonb", -1, 0, lossy}, {"arr", "_int4", -1, 0, lossy},
                {"iv", "interval", 6, 0, null}, {"d", "date", 0, 0, null}, {"tm", "time", 6, 0, null},
                {"tz", "timestamptz", 6, 0, null}, {"ts", "timestamp", 6, 0, null}, {"ttz", "timetz", 6, 0, null}};
        List<ColumnMapping> result = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            Object[] c = columns[i];
            result.add(mapping.map(new SourceColumn((String) c[0], i + 1, (String) c[1], (int) c[2], (int) c[3],
                    !c[0].equals("id")), (ColumnOverride) c[4]));
        }
        return result;
    }

    /** The select list the PostgreSQL dialect renders for these projections (ARRAY_TO_JSON, INTERVAL_TO_ISO8601). */
    static final String SELECT = "SELECT id, i2, i4, i8, n, nu, n12, f8, f4, b, t, bin, u, j, "
            + "array_to_json(arr)::text AS arr, iv::text AS iv, d, tm, tz, ts, ttz FROM edge ORDER BY id";

    private ChunkExtraction extract(Path file, String select) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("SET intervalstyle = 'iso_8601'");
            s.setFetchSize(2);
            try (ResultSet rs = s.executeQuery(select)) {
                return new ChunkExtractor(ChunkWriterSettings.defaults(LakeConfig.Codec.ZSTD),
                        Clock.fixed(NOW, ZoneOffset.UTC))
                        .extract(new ChunkRequest(TABLE, "run-1", "chunk-7", mappings(), List.of("id")), rs,
                                new LocalOutputFile(file));
            }
        }
    }

    @Test
    void everyValueReadsBackWithParquetJava() throws Exception {
        Path file = dir.resolve("part.parquet");
        ChunkExtraction result = extract(file, SELECT);
        assertThat(result.statistics().rowCount()).isEqualTo(4);

        assertThat(ParquetFiles.schema(file).toString()).contains(
                "optional int32 i2 (INTEGER(16,true))",
                "optional fixed_len_byte_array(16) n (DECIMAL(38,10))",
                "optional int64 n12 (DECIMAL(12,2))",
                "optional binary j (JSON)",
                "optional int64 tz (TIMESTAMP(MICROS,true))",
                "optional int64 ts (TIMESTAMP(MICROS,false))",
                "optional int64 ttz (TIME(MICROS,true))",
                "optional int32 _sluice_offset_ttz (INTEGER(16,true))",
                "required int64 _sluice_row_hash",
                "required int64 _sluice_extracted_at (TIMESTAMP(MICROS,true))");

        List<Group> rows = ParquetFiles.rows(file);
        Group r1 = rows.get(0);
        Group r2 = rows.get(1);
        Group r3 = rows.get(2);
        Group r4 = rows.get(3);
        assertThat(r1.getInteger("i2", 0)).isEqualTo(32767);
        assertThat(r2.getInteger("i4", 0)).isEqualTo(Integer.MIN_VALUE);
        assertThat(r1.getLong("i8", 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(r2.getLong("i8", 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(decimal(r1, "n", 10)).isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
        assertThat(decimal(r2, "n", 10)).isEqualTo(new BigDecimal("-9999999999999999999999999999.9999999999"));
        assertThat(decimal(r4, "n", 10)).isEqualTo(new BigDecimal("0.0000000001"));
        // numeric without precision under acceptLossy: rounded half away from zero to 10 digits
        assertThat(decimal(r1, "nu", 10)).isEqualTo(new BigDecimal("0.0000000001"));
        assertThat(decimal(r4, "nu", 10)).isEqualTo(new BigDecimal("12345678901234567890.1234567890"));
        assertThat(BigDecimal.valueOf(r2.getLong("n12", 0), 2)).isEqualTo(new BigDecimal("-0.01"));
        assertThat(Double.doubleToRawLongBits(r1.getDouble("f8", 0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(r2.getDouble("f8", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r1.getFloat("f4", 0)).isNaN();
        assertThat(r2.getFloat("f4", 0)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float.floatToRawIntBits(r4.getFloat("f4", 0))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(r1.getBoolean("b", 0)).isTrue();
        assertThat(r1.getString("t", 0)).isEqualTo("\uD83D\uDE00 \uDBFF\uDFFD end");
        assertThat(r2.getString("t", 0)).isEmpty();
        assertThat(r3.getFieldRepetitionCount("t")).isZero();
        assertThat(r4.getString("t", 0)).hasSize(1_048_576);
        byte[] all = r1.getBinary("bin", 0).getBytes();
        assertThat(all).hasSize(256);
        for (int i = 0; i < 256; i++) {
            assertThat(all[i]).isEqualTo((byte) i);
        }
        assertThat(r2.getBinary("bin", 0).length()).isZero();
        assertThat(r1.getString("u", 0)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(r1.getString("j", 0)).isEqualTo("{\"a\": [1, 2]}");
        assertThat(r2.getString("j", 0)).isEqualTo("null");
        assertThat(r1.getString("arr", 0)).isEqualTo("[1,null,3]");
        assertThat(r4.getString("arr", 0)).isEqualTo("[[1,2],[3,4]]");
        assertThat(r1.getString("iv", 0)).isEqualTo("P1Y2M3DT4H5M6.5S");
        assertThat(r2.getString("iv", 0)).isEqualTo("P-1D");
        assertThat(r1.getInteger("d", 0)).isEqualTo(-719162);          // 0001-01-01
        assertThat(r2.getInteger("d", 0)).isEqualTo(-2440588 + 38);    // 4713-01-01 BC, proleptic Gregorian
        assertThat(r1.getLong("tm", 0)).isEqualTo(86_399_999_999L);
        assertThat(r1.getLong("tz", 0)).isEqualTo(micros("2026-03-29T00:59:59.999999Z"));
        assertThat(r2.getLong("tz", 0)).isEqualTo(micros("2026-03-29T01:00:00Z"));
        assertThat(r4.getLong("tz", 0)).isEqualTo(micros("2026-10-25T00:59:59.999999Z"));
        assertThat(r2.getLong("ts", 0)).isEqualTo(-1);
        assertThat(r1.getLong("ts", 0)).isEqualTo(micros("2026-01-02T03:04:05.123456Z"));
        assertThat(r1.getLong("ttz", 0)).isEqualTo(23L * 3_600_000_000L);
        assertThat(r1.getInteger("_sluice_offset_ttz", 0)).isEqualTo(120);
        assertThat(r2.getInteger("_sluice_offset_ttz", 0)).isEqualTo(-60);
        assertThat(r3.getFieldRepetitionCount("_sluice_offset_ttz")).isZero();
        assertThat(r3.getString("_sluice_chunk_id", 0)).isEqualTo("chunk-7");
        assertThat(r3.getString("_sluice_run_id", 0)).isEqualTo("run-1");
        assertThat(r3.getLong("_sluice_extracted_at", 0)).isEqualTo(micros("2026-11-22T03:00:00.123456Z"));

        // statistics of the one pass
        var stats = result.statistics();
        assertThat(stats.nullCounts()).containsEntry("t", 1L).containsEntry("bin", 2L).containsEntry("u", 2L)
                .containsEntry("_sluice_offset_ttz", 1L).containsEntry("id", 0L);
        assertThat(stats.sums()).containsEntry("i8", "-1").containsEntry("i2", "-1")
                .containsEntry("n", "0.0000000001").containsEntry("n12", "9999999999.98")
                .doesNotContainKey("f8");
        assertThat(result.floatSums().get("f8")).isNaN();
        assertThat(result.keyMin().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"1\"}]");
        assertThat(result.keyMax().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"4\"}]");
        // the digest is the lake's: recompute it from the hashes in the file
        RowHashDigest.Accumulator fromFile = new RowHashDigest.Accumulator();
        rows.forEach(g -> fromFile.add(g.getLong("_sluice_row_hash", 0)));
        assertThat(stats.rowHashDigest()).isEqualTo(fromFile.result());
    }

    @Test
    void duckDbReadsTheSameValues() throws Exception {
        Path file = dir.resolve("duck.parquet");
        ChunkExtraction result = extract(file, SELECT);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT id, i8, n, nu, f8, t, hex(bin) AS bin, u, d::varchar AS d, "
                    + "tm::varchar AS tm, epoch_us(tz) AS tz, ts::varchar AS ts, _sluice_row_hash, "
                    + "typeof(n) AS ntype, typeof(tz) AS tztype FROM read_parquet('" + file + "') ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("i8")).isEqualTo(Long.MAX_VALUE);
                assertThat(rs.getBigDecimal("n")).isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
                assertThat(rs.getBigDecimal("nu")).isEqualTo(new BigDecimal("0.0000000001"));
                assertThat(rs.getString("ntype")).isEqualTo("DECIMAL(38,10)");
                assertThat(rs.getString("tztype")).isEqualTo("TIMESTAMP WITH TIME ZONE");
                assertThat(Double.doubleToRawLongBits(rs.getDouble("f8"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
                assertThat(rs.getString("t")).isEqualTo("\uD83D\uDE00 \uDBFF\uDFFD end");
                assertThat(rs.getString("bin")).isEqualTo(HexFormat.of().withUpperCase().formatHex(allBytes()));
                assertThat(rs.getString("u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
                assertThat(rs.getString("d")).isEqualTo("0001-01-01");
                assertThat(rs.getString("tm")).isEqualTo("23:59:59.999999");
                assertThat(rs.getLong("tz")).isEqualTo(micros("2026-03-29T00:59:59.999999Z"));
                assertThat(rs.getString("ts")).isEqualTo("2026-01-02 03:04:05.123456");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("t")).isEmpty();
                assertThat(rs.getString("bin")).isEmpty();
                assertThat(rs.getString("ts")).isEqualTo("1969-12-31 23:59:59.999999");
                assertThat(rs.getLong("tz")).isEqualTo(micros("2026-03-29T01:00:00Z"));
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("t")).isNull();
                assertThat(rs.getObject("n")).isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(_sluice_row_hash::HUGEINT)::VARCHAR, "
                    + "lower(printf('%016x', bit_xor(_sluice_row_hash))) FROM read_parquet('" + file + "')")) {
                rs.next();
                RowHashDigest digest = result.statistics().rowHashDigest();
                assertThat(rs.getLong(1)).isEqualTo(digest.count());
                assertThat(rs.getString(2)).isEqualTo(digest.sum());
                assertThat(rs.getString(3)).isEqualTo(digest.xor());
            }
        }
    }

    @Test
    void rereadingTheSourceGivesTheSameHashesAndTheDigestIgnoresRowOrder() throws Exception {
        ChunkExtraction first = extract(dir.resolve("a.parquet"), SELECT);
        ChunkExtraction again = extract(dir.resolve("b.parquet"), SELECT);
        assertThat(again.statistics().rowHashDigest()).isEqualTo(first.statistics().rowHashDigest());
        ChunkExtraction reversed = extract(dir.resolve("c.parquet"), SELECT.replace("ORDER BY id", "ORDER BY id DESC"));
        assertThat(reversed.statistics().rowHashDigest()).isEqualTo(first.statistics().rowHashDigest());
        assertThat(reversed.keyMin().toString()).isEqualTo("[{\"type\":\"bigint\",\"value\":\"4\"}]");

        List<Group> lake = ParquetFiles.rows(dir.resolve("a.parquet"));
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("SET intervalstyle = 'iso_8601'");
            SourceRowHasher hasher = new SourceRowHasher(
                    new ChunkRequest(TABLE, "run-1", "chunk-7", mappings(), List.of("id")));
            try (ResultSet rs = s.executeQuery(SELECT)) {
                int i = 0;
                while (rs.next()) {
                    assertThat(hasher.hash(rs)).isEqualTo(lake.get(i++).getLong("_sluice_row_hash", 0));
                }
                assertThat(i).isEqualTo(4);
            }
        }
    }

    @Test
    void edgeValuesFailTheChunkNamingTableColumnChunkAndKey() throws Exception {
        pg.execute("CREATE TABLE IF NOT EXISTS bad (id int8 PRIMARY KEY, n numeric(12,2), tm time, d date)",
                "INSERT INTO bad VALUES (10, 1, '12:00', '2026-01-01'), (11, 'NaN', '12:00', '2026-01-01'), "
                        + "(12, 1, '24:00:00', '2026-01-01'), (13, 1, '12:00', 'infinity') ON CONFLICT DO NOTHING");
        TypeMapping mapping = TypeMapping.of(Engine.POSTGRESQL);
        List<ColumnMapping> columns = List.of(
                mapping.map(new SourceColumn("id", 1, "int8", 0, 0, false), null),
                mapping.map(new SourceColumn("n", 2, "numeric", 12, 2, true), null),
                mapping.map(new SourceColumn("tm", 3, "time", 6, 0, true), null),
                mapping.map(new SourceColumn("d", 4, "date", 0, 0, true), null));
        Map<Long, String> expected = Map.of(11L, "n", 12L, "tm", 13L, "d");
        for (var e : expected.entrySet()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, n, tm, d FROM bad WHERE id IN (10, " + e.getKey()
                         + ") ORDER BY id")) {
                ChunkExtractor extractor = new ChunkExtractor(ChunkWriterSettings.defaults(null), Clock.systemUTC());
                ChunkRequest request = new ChunkRequest(new TableRef("public", "bad"), "run-1", "chunk-9", columns,
                        List.of("id"));
                assertThatThrownBy(() -> extractor.extract(request, rs, new LocalOutputFile(dir.resolve(e.getKey()
                        + ".parquet"))))
                        .isInstanceOf(ChunkValueException.class)
                        .hasMessageStartingWith("public.bad." + e.getValue() + " in chunk chunk-9 at key id="
                                + e.getKey())
                        .hasMessageContaining("Fix: ");
            }
        }
    }

    @Test
    void aMisalignedSelectListFailsBeforeAnyRow() throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SELECT.replace("array_to_json(arr)::text AS arr", "array_to_json(arr)::text"))) {
            assertThatThrownBy(() -> new ChunkExtractor(ChunkWriterSettings.defaults(null), Clock.systemUTC())
                    .extract(new ChunkRequest(TABLE, "r", "c", mappings(), List.of("id")), rs,
                            new LocalOutputFile(dir.resolve("x.parquet"))))
                    .hasMessageContaining("labelled 'array_to_json'").isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static BigDecimal decimal(Group g, String field, int scale) {
        return new BigDecimal(new java.math.BigInteger(g.getBinary(field, 0).getBytes()), scale);
    }

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    private static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

}
