package dev.sluice.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-column key (tenant, id): tuple min/max, distinct tuples and lexicographic range bisection on DuckDB. */
class CompositeKeyDuckDbIT {

    private static final String RUN = "r20261120-aaaaaaaaaaaa";
    private static final List<String> KEYS = List.of("tenant", "id");
    private static final List<ValidatedColumn> COLUMNS = List.of(
            new ValidatedColumn("tenant", ValidatedColumn.Kind.EXACT_NUMERIC, 0),
            new ValidatedColumn("id", ValidatedColumn.Kind.EXACT_NUMERIC, 0));

    @TempDir
    Path dir;

    @Test
    void tupleBoundsAndAMissingCompositeKeyAreFound() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE SCHEMA src");
            // tenants 1..4, ids 1..60 each: the id ranges overlap across tenants, so only tuple order is right
            st.execute("CREATE TABLE src.run_rows AS SELECT t AS tenant, i AS id,"
                    + " (hash(t * 1000 + i) % 9223372036854775807)::BIGINT - 4611686018427387904 AS _sluice_row_hash, 'c1' AS _sluice_chunk_id"
                    + " FROM range(1, 5) r(t), range(1, 61) s(i)");
            Path file = dir.resolve("part-c1.parquet");
            st.execute("COPY (SELECT * FROM src.run_rows WHERE NOT (tenant = 3 AND id = 17)) TO '" + file
                    + "' (FORMAT PARQUET)");
            st.execute("CREATE SCHEMA lake");
            st.execute("CREATE VIEW lake.run_rows AS SELECT * FROM read_parquet('" + file + "')");

            RunRelation lake = new RunRelation("lake", "run_rows", null);
            RunRelation source = new RunRelation("src", "run_rows", null);
            ChunkMeasures expected = measures(st, source);
            ChunkMeasures found = measures(st, lake);
            assertThat(expected.keyMin().canonical()).containsExactly("1", "1");
            assertThat(expected.keyMax().canonical()).containsExactly("4", "60");
            assertThat(expected.distinctKeys()).isEqualTo(240);
            assertThat(found.rowCount()).isEqualTo(239);

            ChunkManifest manifest = new ChunkManifest(RUN, "c1", "erp", "sales.orders", "k", 1, "\"e\"",
                    new ObjectChecksum(ObjectChecksum.CRC32C, "AAAAAA==", null), expected.rowCount(),
                    JsonNodeFactory.instance.arrayNode().add(1).add(1),
                    JsonNodeFactory.instance.arrayNode().add(4).add(60),
                    expected.nullCounts(), expected.sums(), expected.digest(), "fp", null);
            ValidationReport report = new Reconciliation(ValidationOptions.DEFAULT, KEYS, COLUMNS).reconcile(
                    "sales.orders", RUN, List.of(manifest), List.of(found), new JdbcProbe(duck, lake, KEYS),
                    new JdbcProbe(duck, source, KEYS));

            assertThat(report.failures()).contains("chunk c1: row_count expected 240, found 239");
            assertThat(report.chunks().getFirst().checks()).anySatisfy(c -> {
                assertThat(c.measure()).isEqualTo("key_max");
                assertThat(c.expected()).isEqualTo("(4, 60)");
                assertThat(c.verdict()).isEqualTo(ValidationReport.Verdict.PASS);
            });
            assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
                assertThat(k.kind()).isEqualTo(DifferenceKind.MISSING);
                assertThat(k.key()).containsExactly("3", "17");
            });
            assertThat(report.chunks().getFirst().keysComplete()).isTrue();
        }
    }

    private static ChunkMeasures measures(Statement st, RunRelation relation) throws Exception {
        List<Map<String, Object>> rows = JdbcProbe.rows(st.executeQuery(
                ValidationSql.chunkMeasures(QueryDialect.DUCKDB, relation, KEYS, COLUMNS)));
        ChunkMeasures m = ChunkMeasures.fromRow(rows.getFirst(), QueryDialect.DUCKDB, KEYS, COLUMNS);
        assertThat(m.digest()).isNotEqualTo(RowHashDigest.EMPTY);
        return m;
    }
}
