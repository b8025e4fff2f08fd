package dev.sluice.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB variant of the validation SQL executed on a Parquet file written in the test, checked against the
 * extractor's own accumulators ({@link ChunkStatistics}), and reconciliation driven by DuckDB probes.
 */
class ValidationSqlDuckDbIT {

    private static final String RUN = "r20261120-aaaaaaaaaaaa";
    private static final List<String> KEYS = List.of("id");
    private static final List<ValidatedColumn> COLUMNS = List.of(
            new ValidatedColumn("id", ValidatedColumn.Kind.EXACT_NUMERIC, 0),
            new ValidatedColumn("name", ValidatedColumn.Kind.OTHER, 0),
            new ValidatedColumn("amount", ValidatedColumn.Kind.EXACT_NUMERIC, 2),
            new ValidatedColumn("qty", ValidatedColumn.Kind.EXACT_NUMERIC, 0));

    @TempDir
    Path dir;
    private Connection duck;
    /** The source rows: id, name, amount, qty, hash, chunk. */
    private final List<Object[]> rows = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        for (int id = 1; id <= 240; id++) {
            // hashes near both ends of the long range: their sum overflows 64 bits many times over
            long hash = (id % 3 != 0 ? Long.MAX_VALUE - id * 7919L : Long.MIN_VALUE + id * 104729L) ^ (id * 31L);
            rows.add(new Object[] {(long) id, id % 7 == 0 ? null : "n" + id,
                    id % 11 == 0 ? null : new BigDecimal(id).multiply(new BigDecimal("3.07")),
                    id % 5 == 0 ? null : (long) Integer.MAX_VALUE * id, hash, id <= 120 ? "c1" : "c2"});
        }
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA src");
            st.execute("CREATE TABLE src.run_rows (id BIGINT, name VARCHAR, amount DECIMAL(12,2), qty BIGINT,"
                    + " _sluice_row_hash BIGINT, _sluice_chunk_id VARCHAR)");
        }
        try (var insert = duck.prepareStatement("INSERT INTO src.run_rows VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
    }

    /** Writes the lake file from the source rows after {@code change} (SQL on a copy), as a view lake.run_rows. */
    private RunRelation lake(String change) throws Exception {
        Path file = dir.resolve("part-" + System.nanoTime() + ".parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("DROP VIEW IF EXISTS lake.run_rows");
            st.execute("CREATE SCHEMA IF NOT EXISTS lake");
            st.execute("CREATE OR REPLACE TEMP TABLE changed AS SELECT * FROM src.run_rows");
            if (change != null) {
                st.execute(change);
            }
            st.execute("COPY changed TO '" + file + "' (FORMAT PARQUET)");
            st.execute("CREATE VIEW lake.run_rows AS SELECT * FROM read_parquet('" + file + "')");
        }
        return new RunRelation("lake", "run_rows", null);
    }

    @Test
    void theSourceSampleIsTheRowsFirstByRowHashXorTheSeedThenKey() throws Exception {
        RunRelation relation = lake(null);
        long seed = 0x0123_4567_89ab_cdefL;
        List<Long> expected = rows.stream()
                .sorted(java.util.Comparator.comparingLong((Object[] r) -> (long) r[4] ^ seed)
                        .thenComparingLong(r -> (long) r[0]))
                .limit(7).map(r -> (Long) r[0]).toList();
        List<Long> found = new ArrayList<>();
        try (Statement st = duck.createStatement();
             java.sql.ResultSet rs = st.executeQuery(ValidationSql.sampleRows(QueryDialect.DUCKDB, relation, KEYS,
                     seed, 7))) {
            while (rs.next()) {
                found.add(rs.getLong("id"));
                long id = rs.getLong("id");
                Object[] source = rows.get((int) id - 1);
                assertThat(rs.getLong("_sluice_row_hash")).isEqualTo(source[4]);
                assertThat(rs.getString("chunk_id")).isEqualTo(source[5]);
            }
        }
        assertThat(found).isEqualTo(expected);
    }

    private List<ChunkMeasures> measure(RunRelation relation) throws Exception {
        try (Statement st = duck.createStatement()) {
            return JdbcProbe.rows(st.executeQuery(ValidationSql.chunkMeasures(QueryDialect.DUCKDB, relation, KEYS,
                    COLUMNS))).stream().map(r -> ChunkMeasures.fromRow(r, QueryDialect.DUCKDB, KEYS, COLUMNS))
                    .sorted(java.util.Comparator.comparing(ChunkMeasures::chunkId)).toList();
        }
    }

    /** The manifests the extractor would have written for the source rows. */
    private List<ChunkManifest> manifests() {
        List<ChunkManifest> out = new ArrayList<>();
        for (String chunk : List.of("c1", "c2")) {
            ChunkStatistics stats = new ChunkStatistics(List.of("id", "name", "amount", "qty"),
                    List.of("id", "amount", "qty"));
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (Object[] row : rows) {
                if (!row[5].equals(chunk)) {
                    continue;
                }
                stats.row((Long) row[4]);
                stats.add(0, (Long) row[0]);
                min = Math.min(min, (Long) row[0]);
                max = Math.max(max, (Long) row[0]);
                if (row[1] == null) {
                    stats.nullValue(1);
                }
                if (row[2] == null) {
                    stats.nullValue(2);
                } else {
                    stats.add(2, (BigDecimal) row[2]);
                }
                if (row[3] == null) {
                    stats.nullValue(3);
                } else {
                    stats.add(3, (Long) row[3]);
                }
            }
            out.add(new ChunkManifest(RUN, chunk, "erp", "sales.orders", "k/" + chunk, 1, "\"e\"",
                    new ObjectChecksum(ObjectChecksum.CRC32C, "AAAAAA==", null), stats.rowCount(),
                    JsonNodeFactory.instance.arrayNode().add(min), JsonNodeFactory.instance.arrayNode().add(max),
                    stats.nullCounts(), stats.sums(), stats.rowHashDigest(), "fp", null));
        }
        return out;
    }

    private ValidationReport reconcile(RunRelation lake) throws Exception {
        return new Reconciliation(ValidationOptions.DEFAULT, KEYS, COLUMNS).reconcile("sales.orders", RUN,
                manifests(), measure(lake), new JdbcProbe(duck, lake, KEYS),
                new JdbcProbe(duck, new RunRelation("src", "run_rows", null), KEYS));
    }

    @Test
    void duckDbMeasuresEqualTheExtractorsStatistics() throws Exception {
        List<ChunkMeasures> found = measure(lake(null));
        List<ChunkManifest> expected = manifests();
        assertThat(found).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ChunkMeasures f = found.get(i);
            ChunkManifest m = expected.get(i);
            assertThat(f.chunkId()).isEqualTo(m.chunkId());
            assertThat(f.rowCount()).isEqualTo(120);
            assertThat(f.digest()).isEqualTo(m.rowHashDigest());
            assertThat(f.nullCounts()).isEqualTo(m.nullCounts());
            assertThat(f.sums().keySet()).isEqualTo(m.sums().keySet());
            m.sums().forEach((c, s) -> assertThat(new BigDecimal(f.sums().get(c))).isEqualByComparingTo(s));
            assertThat(f.distinctKeys()).isEqualTo(120);
        }
        assertThat(found.get(1).keyMin().canonical()).containsExactly("121");
        assertThat(found.get(1).keyMax().canonical()).containsExactly("240");
        // the exact hash sum is far beyond 64 bits: a wrapping sum would differ
        assertThat(new BigDecimal(found.getFirst().digest().sum()).abs())
                .isGreaterThan(new BigDecimal(Long.MAX_VALUE));
        assertThat(reconcile(lake(null)).passed()).isTrue();
    }

    @Test
    void changedValueInTheLakeIsFoundByKey() throws Exception {
        ValidationReport report = reconcile(lake(
                "UPDATE changed SET amount = 1.00, _sluice_row_hash = 12345 WHERE id = 77"));
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).anyMatch(f -> f.startsWith("chunk c1: sum(amount)"));
        assertThat(report.chunks().getFirst().keys()).singleElement()
                .satisfies(k -> {
                    assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
                    assertThat(k.key()).containsExactly("77");
                });
        assertThat(report.chunks().get(1).passed()).isTrue();
    }

    @Test
    void droppedRowIsFoundByKey() throws Exception {
        ValidationReport report = reconcile(lake("DELETE FROM changed WHERE id = 200"));
        assertThat(report.failures()).contains("chunk c2: row_count expected 120, found 119");
        assertThat(report.chunks().get(1).keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.MISSING);
            assertThat(k.key()).containsExactly("200");
        });
    }

    @Test
    void duplicatedRowIsFoundByKey() throws Exception {
        ValidationReport report = reconcile(lake("INSERT INTO changed SELECT * FROM changed WHERE id = 3"));
        assertThat(report.failures()).contains("chunk c1: duplicate_keys expected 0, found 1");
        assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.DUPLICATE);
            assertThat(k.key()).containsExactly("3");
        });
        try (Statement st = duck.createStatement()) {
            List<Map<String, Object>> dups = JdbcProbe.rows(st.executeQuery(ValidationSql.duplicateKeys(
                    new RunRelation("lake", "run_rows", null), KEYS, 10)));
            assertThat(dups).singleElement().satisfies(d -> {
                assertThat(d.get("chunk_id")).isEqualTo("c1");
                assertThat(((Number) d.get("id")).longValue()).isEqualTo(3);
                assertThat(((Number) d.get("copies")).longValue()).isEqualTo(2);
            });
        }
    }

    @Test
    void aValueEditedUnderItsRowHashIsFoundByKeyWithBothValues() throws Exception {
        ValidationReport report = reconcile(lake("UPDATE changed SET amount = amount + 0.01 WHERE id = 76"));

        BigDecimal expected = new BigDecimal(manifests().getFirst().sums().get("amount"));
        assertThat(report.failures()).containsExactly("chunk c1: sum(amount) expected " + expected + ", found "
                + expected.add(new BigDecimal("0.01")));
        assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
            assertThat(k.key()).containsExactly("76");
            assertThat(k.detail()).isEqualTo("sum(amount): amount 233.32 in the source, 233.33 in the lake; row hash "
                    + rows.get(75)[4] + " in both: the lake's value was changed after it was written (its"
                    + " _sluice_row_hash was not)");
        });
        assertThat(report.chunks().getFirst().keysComplete()).isTrue();
    }

    @Test
    void aTextValueNulledUnderItsRowHashIsFoundByItsNullCount() throws Exception {
        ValidationReport report = reconcile(lake("UPDATE changed SET name = NULL WHERE id = 150"));

        assertThat(report.failures()).containsExactly("chunk c2: nulls(name) expected 17, found 18");
        assertThat(report.chunks().get(1).keys()).singleElement().satisfies(k -> {
            assertThat(k.key()).containsExactly("150");
            assertThat(k.detail()).startsWith("nulls(name): name not null in the source, NULL in the lake; row hash ");
        });
    }

    @Test
    void rangeTotalsAndValuesOnDuckDbEqualTheSameComputedInJava() throws Exception {
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA lake");
            st.execute("CREATE TABLE lake.kinds AS SELECT i AS id, CAST(i * 0.1 AS REAL) AS r, i * 1.5e300 AS d,"
                    + " CASE WHEN i % 4 = 0 THEN NULL ELSE CAST(i / 7 AS DECIMAL(9,3)) END AS x,"
                    + " CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || i END AS t, i * 31 AS _sluice_row_hash,"
                    + " 'c1' AS _sluice_chunk_id FROM range(1, 41) s(i)");
        }
        RunRelation kinds = new RunRelation("lake", "kinds", null);
        JdbcProbe probe = new JdbcProbe(duck, kinds, KEYS);
        KeyRange range = new KeyRange(Key.of(5L), Key.of(33L));
        for (ValidatedColumn column : List.of(new ValidatedColumn("r", ValidatedColumn.Kind.FLOAT, 0),
                new ValidatedColumn("d", ValidatedColumn.Kind.FLOAT, 0),
                new ValidatedColumn("x", ValidatedColumn.Kind.EXACT_NUMERIC, 3),
                new ValidatedColumn("t", ValidatedColumn.Kind.OTHER, 0))) {
            List<KeyRangeProbe.KeyedValue> values = probe.values("c1", range, column, 100);
            assertThat(values).hasSize(28);
            assertThat(values.getFirst().key().canonical()).containsExactly("5");
            ColumnTotals inJava = ColumnTotals.of(column, values.stream().map(KeyRangeProbe.KeyedValue::value)
                    .toList());
            ColumnTotals inDuckDb = probe.totals("c1", range, column);
            assertThat(inDuckDb.rowCount()).isEqualTo(28);
            assertThat(inDuckDb.matches(inJava, column, 1e-12)).as(column.name() + ": " + inDuckDb + " vs "
                    + inJava).isTrue();
        }
        // a REAL is compared as the double it widens to, as the source reader carries it
        assertThat(probe.values("c1", new KeyRange(Key.of(1L), Key.of(2L)),
                new ValidatedColumn("r", ValidatedColumn.Kind.FLOAT, 0), 1).getFirst().value())
                .isEqualTo(Double.toString((double) 0.1f));
        assertThat(probe.totals("c1", range, new ValidatedColumn("x", ValidatedColumn.Kind.EXACT_NUMERIC, 3)).nulls())
                .isEqualTo(7);
    }
}
