package dev.sluice.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.RowHashDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationSqlTest {

    private static final RunRelation RUN = new RunRelation("sluice_raw_dev", "erp_sales_orders",
            "r20261120-aaaaaaaaaaaa");
    private static final List<ValidatedColumn> COLUMNS = List.of(
            new ValidatedColumn("amount", ValidatedColumn.Kind.EXACT_NUMERIC, 2),
            new ValidatedColumn("ratio", ValidatedColumn.Kind.FLOAT, 0),
            new ValidatedColumn("name", ValidatedColumn.Kind.OTHER, 0));

    @Test
    void athenaChunkMeasuresExactText() {
        String sql = ValidationSql.chunkMeasures(QueryDialect.ATHENA, RUN, List.of("region", "id"), COLUMNS);
        assertThat(sql).startsWith("SELECT \"_sluice_chunk_id\" AS chunk_id, count(*) AS row_count,"
                + " min_by(\"region\", ROW(\"region\", \"id\")) AS key_min_1,"
                + " max_by(\"region\", ROW(\"region\", \"id\")) AS key_max_1,"
                + " min_by(\"id\", ROW(\"region\", \"id\")) AS key_min_2,"
                + " max_by(\"id\", ROW(\"region\", \"id\")) AS key_max_2,"
                + " count(DISTINCT ROW(\"region\", \"id\")) AS distinct_keys,"
                + " count(*) - count(\"amount\") AS nulls_0, sum(CAST(\"amount\" AS DECIMAL(38, 2))) AS sum_0,"
                + " count(*) - count(\"ratio\") AS nulls_1, sum(CAST(\"ratio\" AS DOUBLE)) AS sum_1,"
                + " count(*) - count(\"name\") AS nulls_2,"
                + " sum(CAST(\"_sluice_row_hash\" AS DECIMAL(38, 0))) AS hash_sum,"
                + " count_if(bitwise_and(\"_sluice_row_hash\", 1) <> 0) AS hash_bit_0,");
        assertThat(sql).contains("count_if(bitwise_and(\"_sluice_row_hash\", 4611686018427387904) <> 0) AS hash_bit_62,"
                + " count_if(\"_sluice_row_hash\" < 0) AS hash_bit_63 FROM \"sluice_raw_dev\".\"erp_sales_orders\""
                + " WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa' GROUP BY \"_sluice_chunk_id\""
                + " ORDER BY \"_sluice_chunk_id\"");
        assertThat(sql).doesNotContain("sum(\"_sluice_row_hash\")").doesNotContain("bitwise_xor_agg");
    }

    @Test
    void aChangeTrackingSampleCarriesTheOperationSoDeletesAreCheckedByAbsence() {
        assertThat(ValidationSql.sampleRows(QueryDialect.ATHENA, RUN, List.of("id"), 7, 50, true)).isEqualTo(
                "SELECT \"_sluice_chunk_id\" AS chunk_id, \"id\", \"_sluice_row_hash\", \"_sluice_op\""
                        + " FROM \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa'"
                        + " ORDER BY bitwise_xor(\"_sluice_row_hash\", 7), \"id\" LIMIT 50");
        assertThat(ValidationSql.sampleRows(QueryDialect.ATHENA, RUN, List.of("id"), 7, 50))
                .isEqualTo(ValidationSql.sampleRows(QueryDialect.ATHENA, RUN, List.of("id"), 7, 50, false))
                .doesNotContain("_sluice_op");
    }

    @Test
    void duckDbUsesHugeintAndBitXor() {
        String sql = ValidationSql.chunkMeasures(QueryDialect.DUCKDB, RUN, List.of("id"),
                List.of(new ValidatedColumn("qty", ValidatedColumn.Kind.EXACT_NUMERIC, 0)));
        assertThat(sql).isEqualTo("SELECT \"_sluice_chunk_id\" AS chunk_id, count(*) AS row_count,"
                + " min(\"id\") AS key_min_1, max(\"id\") AS key_max_1, count(DISTINCT \"id\") AS distinct_keys,"
                + " count(*) - count(\"qty\") AS nulls_0, sum(CAST(\"qty\" AS HUGEINT)) AS sum_0,"
                + " sum(CAST(\"_sluice_row_hash\" AS HUGEINT)) AS hash_sum, bit_xor(\"_sluice_row_hash\") AS hash_xor"
                + " FROM \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa'"
                + " GROUP BY \"_sluice_chunk_id\" ORDER BY \"_sluice_chunk_id\"");
    }

    @Test
    void timeRangedChunksMeasureBoundsOverTheSplitColumnAndDuplicatesOverThePrimaryKey() {
        String sql = ValidationSql.chunkMeasures(QueryDialect.ATHENA, RUN, List.of("updated_at"),
                List.of("region", "id"), List.of());
        assertThat(sql).contains("min(\"updated_at\") AS key_min_1, max(\"updated_at\") AS key_max_1,"
                + " count(DISTINCT ROW(\"region\", \"id\")) AS distinct_keys,");
        assertThat(ValidationSql.chunkMeasures(QueryDialect.DUCKDB, RUN, List.of("updated_at"), List.of(),
                List.of())).doesNotContain("distinct_keys");
    }

    @Test
    void duplicateKeysAndCompositeRangesBindTheirValues() {
        assertThat(ValidationSql.duplicateKeys(RUN, List.of("id"), 20)).isEqualTo("SELECT \"_sluice_chunk_id\" AS"
                + " chunk_id, \"id\", count(*) AS copies FROM \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\""
                + " = 'r20261120-aaaaaaaaaaaa' GROUP BY \"_sluice_chunk_id\", \"id\" HAVING count(*) > 1"
                + " ORDER BY copies DESC, \"id\" LIMIT 20");
        BoundQuery rows = ValidationSql.rangeRows(RUN, List.of("region", "id"), "c00001-abc",
                new KeyRange(Key.of("eu", 10L), Key.of("us", 5L)), 64);
        assertThat(rows.sql()).isEqualTo("SELECT \"region\", \"id\", \"_sluice_row_hash\" FROM"
                + " \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa' AND"
                + " \"_sluice_chunk_id\" = ? AND (\"region\" > ? OR (\"region\" = ? AND \"id\" >= ?)) AND"
                + " (\"region\" < ? OR (\"region\" = ? AND \"id\" < ?)) ORDER BY \"region\", \"id\" LIMIT 64");
        assertThat(rows.parameters()).containsExactly("c00001-abc", "eu", "eu", 10L, "us", "us", 5L);
    }

    @Test
    void athenaColumnTotalsAndValuesOfAKeyRangeExactText() {
        KeyRange range = new KeyRange(Key.of(10L), Key.of(20L));
        BoundQuery exact = ValidationSql.rangeTotals(QueryDialect.ATHENA, RUN, List.of("id"), "c00002-def", range,
                COLUMNS.get(0));
        assertThat(exact.sql()).isEqualTo("SELECT count(*) AS row_count, count(*) - count(\"amount\") AS null_count,"
                + " sum(CAST(\"amount\" AS DECIMAL(38, 2))) AS column_sum FROM \"sluice_raw_dev\".\"erp_sales_orders\""
                + " WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa' AND \"_sluice_chunk_id\" = ? AND (\"id\" >= ?) AND"
                + " (\"id\" < ?)");
        assertThat(exact.parameters()).containsExactly("c00002-def", 10L, 20L);
        assertThat(ValidationSql.rangeTotals(QueryDialect.ATHENA, RUN, List.of("id"), "c1", KeyRange.ALL,
                COLUMNS.get(1)).sql()).isEqualTo("SELECT count(*) AS row_count, count(*) - count(\"ratio\") AS"
                + " null_count, sum(CAST(\"ratio\" AS DOUBLE)) AS column_sum FROM"
                + " \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\" = 'r20261120-aaaaaaaaaaaa' AND"
                + " \"_sluice_chunk_id\" = ?");
        assertThat(ValidationSql.rangeTotals(QueryDialect.ATHENA, RUN, List.of("id"), "c1", KeyRange.ALL,
                COLUMNS.get(2)).sql()).startsWith("SELECT count(*) AS row_count, count(*) - count(\"name\") AS"
                + " null_count FROM ");
        // DuckDB sums exact numerics as they are (decimals) or as HUGEINT (integers), never overflowing
        assertThat(ValidationSql.rangeTotals(QueryDialect.DUCKDB, RUN, List.of("id"), "c1", KeyRange.ALL,
                new ValidatedColumn("qty", ValidatedColumn.Kind.EXACT_NUMERIC, 0)).sql())
                .contains("sum(CAST(\"qty\" AS HUGEINT)) AS column_sum");

        BoundQuery values = ValidationSql.rangeValues(RUN, List.of("region", "id"), "c00002-def",
                new KeyRange(Key.of("eu", 10L), null), COLUMNS.get(1), 129);
        assertThat(values.sql()).isEqualTo("SELECT \"region\", \"id\", \"_sluice_row_hash\", CAST(\"ratio\" AS DOUBLE)"
                + " AS column_value FROM \"sluice_raw_dev\".\"erp_sales_orders\" WHERE \"run_id\" ="
                + " 'r20261120-aaaaaaaaaaaa' AND \"_sluice_chunk_id\" = ? AND (\"region\" > ? OR (\"region\" = ? AND"
                + " \"id\" >= ?)) ORDER BY \"region\", \"id\" LIMIT 129");
        assertThat(values.parameters()).containsExactly("c00002-def", "eu", "eu", 10L);
        assertThat(ValidationSql.rangeValues(RUN, List.of("id"), "c1", KeyRange.ALL, COLUMNS.get(0), 5).sql())
                .startsWith("SELECT \"id\", \"_sluice_row_hash\", \"amount\" AS column_value FROM ");
        assertThat(ValidationSql.rangeValues(RUN, List.of("id"), "c1", KeyRange.ALL, COLUMNS.get(2), 5).sql())
                .startsWith("SELECT \"id\", \"_sluice_row_hash\", CASE WHEN \"name\" IS NULL THEN NULL ELSE 1 END AS"
                        + " column_value FROM ");
    }

    @Test
    void columnTotalsReadAthenaTextAndJdbcValuesAndNullSumsAsZero() {
        ValidatedColumn amount = COLUMNS.get(0);
        ValidatedColumn ratio = COLUMNS.get(1);
        Map<String, Object> athena = new HashMap<>();
        athena.put("row_count", "3");
        athena.put("null_count", "1");
        athena.put("column_sum", "12.50");
        assertThat(ColumnTotals.fromRow(athena, amount)).isEqualTo(new ColumnTotals(3, 1, "12.50"));
        athena.put("column_sum", null);
        assertThat(ColumnTotals.fromRow(athena, amount)).isEqualTo(new ColumnTotals(3, 1, "0"));
        assertThat(ColumnTotals.fromRow(athena, ratio)).isEqualTo(new ColumnTotals(3, 1, "0.0"));
        athena.put("column_sum", "1.5E10");
        assertThat(ColumnTotals.fromRow(athena, ratio).sum()).isEqualTo("1.5E10");
        assertThat(ColumnTotals.of(amount, java.util.Arrays.asList("1.25", null, "2"))).isEqualTo(
                new ColumnTotals(3, 1, "3.25"));
        assertThat(new ColumnTotals(3, 1, "3.25").minus(new ColumnTotals(1, 1, "0"), amount))
                .isEqualTo(new ColumnTotals(2, 0, "3.25"));
        assertThat(new ColumnTotals(3, 1, "3.5").minus(new ColumnTotals(1, 1, "0.0"), ratio)).isNull();
        // totals match by value, not text; a null count or row count always exactly
        assertThat(new ColumnTotals(2, 0, "3.250").matches(new ColumnTotals(2, 0, "3.25"), amount, 0)).isTrue();
        assertThat(new ColumnTotals(2, 0, "3.25").matches(new ColumnTotals(2, 1, "3.25"), amount, 0)).isFalse();
        assertThat(new ColumnTotals(2, 0, "0.30000000000000004").matches(new ColumnTotals(2, 0, "0.3"), ratio,
                1e-9)).isTrue();
    }

    @Test
    void columnValuesCompareAsTheRowHashSeesThem() {
        ValidatedColumn amount = COLUMNS.get(0);
        ValidatedColumn ratio = COLUMNS.get(1);
        ValidatedColumn name = COLUMNS.get(2);
        assertThat(amount.value(new java.math.BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(amount.sameValue("1.50", "1.5")).isTrue();
        assertThat(amount.sameValue("1.50", null)).isFalse();
        assertThat(ratio.value(0.1f)).isEqualTo(Double.toString((double) 0.1f));
        assertThat(ratio.value("NaN")).isEqualTo("NaN");
        assertThat(ratio.sameValue("NaN", "NaN")).isTrue();
        assertThat(ratio.sameValue("-0.0", "0.0")).isFalse();
        assertThat(ratio.sameValue("0.1", "0.10000000000000002")).isFalse();
        assertThat(name.value("anything")).isEqualTo(ValidatedColumn.PRESENT);
        assertThat(name.sameValue("present", "present")).isTrue();
        assertThat(name.display(null)).isEqualTo("NULL");
        assertThat(name.display("present")).isEqualTo("not null");
    }

    @Test
    void athenaDigestIsRebuiltFromPerBitCounts() {
        long[] hashes = {-1L, 0x0123456789abcdefL, Long.MIN_VALUE, 42L, -9_000_000_000_000_000_000L};
        RowHashDigest.Accumulator expected = new RowHashDigest.Accumulator();
        Map<String, Object> row = new HashMap<>();
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (int b = 0; b < 64; b++) {
            long count = 0;
            for (long h : hashes) {
                count += (h >>> b) & 1;
            }
            row.put("hash_bit_" + b, Long.toString(count)); // Athena returns text
        }
        for (long h : hashes) {
            expected.add(h);
            sum = sum.add(java.math.BigInteger.valueOf(h));
        }
        row.put("hash_sum", sum.toString());
        assertThat(ChunkMeasures.digest(row, QueryDialect.ATHENA, hashes.length)).isEqualTo(expected.result());
    }

    @Test
    void relationAndColumnsAreValidated() {
        assertThatThrownBy(() -> new RunRelation("raw", "orders", "r1' OR 1=1 --"))
                .hasMessageContaining("is not a Sluice run id");
        assertThatThrownBy(() -> ValidationSql.chunkMeasures(QueryDialect.ATHENA, RUN, List.of("id\" --"), COLUMNS))
                .hasMessageContaining("is not a plain SQL identifier");
    }

    @Test
    void keysCompareByCanonicalText() {
        assertThat(Key.of(new java.math.BigDecimal("10.500"), "2026-11-20 10:00:00.000").canonical())
                .containsExactly("10.5", "2026-11-20T10:00");
        assertThat(Reconciliation.keyText(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                .add(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("type", "bigint").put("value", "42")))).isEqualTo("(42)");
    }
}
