package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEnginePermanentException;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB query engine: Athena's start/check/results semantics on a database file. */
class DuckDbQueryEngineIT {

    @TempDir
    Path directory;

    private static QueryRequest request(String name, String sql) {
        return new QueryRequest("r20261122-aaaaaaaaaaaa", name, sql, "local", "sluice_demo");
    }

    private static void execute(DuckDbFile file, String... sql) throws Exception {
        file.use(connection -> {
            try (Statement st = connection.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            }
            return null;
        });
    }

    @Test
    void valuesAreRenderedAsAthenaTextWithAthenaTypeNames() throws Exception {
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("catalog.duckdb"))) {
            DuckDbQueryEngine engine = new DuckDbQueryEngine(file);
            String id = engine.start(request("types", "SELECT CAST(12.5 AS DECIMAL(10,2)) AS d,"
                    + " CAST(9223372036854775807 AS HUGEINT) * 2 AS h, CAST(-42 AS BIGINT) AS b,"
                    + " CAST(NULL AS VARCHAR) AS n, TIMESTAMP '2026-01-01 10:00:00.123456' AS ts,"
                    + " TIMESTAMP '2026-01-01 10:00:00' AS whole, CAST(1.5 AS DOUBLE) AS f, DATE '2026-02-03' AS day,"
                    + " TIMESTAMPTZ '2026-01-01 10:00:00+02' AS instant, true AS yes, 'x''y' AS text"));
            assertThat(engine.check(id).state()).isEqualTo(QueryStatus.State.SUCCEEDED);
            ResultTable table = engine.results(id);
            assertThat(table.columns()).extracting(ResultColumn::type).containsExactly("decimal", "decimal",
                    "bigint", "varchar", "timestamp", "timestamp", "double", "date", "timestamp with time zone",
                    "boolean", "varchar");
            assertThat(table.rows()).containsExactly(Arrays.asList("12.50", "18446744073709551614", "-42", null,
                    "2026-01-01 10:00:00.123456", "2026-01-01 10:00:00", "1.5", "2026-02-03",
                    "2026-01-01T08:00:00Z", "true", "x'y"));
        }
    }

    @Test
    void aRetriedStartReturnsTheSameExecutionWithoutRunningTheQueryAgain() throws Exception {
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("catalog.duckdb"))) {
            execute(file, "CREATE SEQUENCE runs START 1");
            DuckDbQueryEngine engine = new DuckDbQueryEngine(file);
            QueryRequest request = request("partition-aggregates", "SELECT nextval('runs') AS n");
            String first = engine.start(request);
            String second = engine.start(request);
            assertThat(second).isEqualTo(first).isEqualTo(request.clientRequestToken());
            assertThat(engine.results(first).rows()).containsExactly(java.util.List.of("1"));
            long next = file.use(connection -> {
                try (Statement st = connection.createStatement(); ResultSet rows = st.executeQuery(
                        "SELECT nextval('runs')")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            assertThat(next).as("the sequence advanced once: the query ran once").isEqualTo(2);

            String otherQuery = engine.start(request("duplicate-keys", "SELECT 1 AS one"));
            assertThat(otherQuery).isNotEqualTo(first);
            assertThatThrownBy(() -> engine.start(request("partition-aggregates", "SELECT 2 AS n")))
                    .isInstanceOf(QueryEnginePermanentException.class)
                    .hasMessageContaining("partition-aggregates").hasMessageContaining("different SQL");
        }
        // another process (a redrive) reads the same execution from the file
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("catalog.duckdb"))) {
            DuckDbQueryEngine engine = new DuckDbQueryEngine(file);
            String id = request("partition-aggregates", "SELECT nextval('runs') AS n").clientRequestToken();
            assertThat(engine.check(id).state()).isEqualTo(QueryStatus.State.SUCCEEDED);
            assertThat(engine.results(id).rows()).containsExactly(java.util.List.of("1"));
        }
    }

    @Test
    void aFailedQueryReportsAPermanentFailureAndRunsAgainOnTheNextStart() throws Exception {
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("catalog.duckdb"))) {
            DuckDbQueryEngine engine = new DuckDbQueryEngine(file);
            QueryRequest request = request("partition-aggregates",
                    "SELECT count(*) AS row_count FROM sluice_demo.demo_sales_orders");
            String id = engine.start(request);
            QueryStatus failed = engine.check(id);
            assertThat(failed.state()).isEqualTo(QueryStatus.State.FAILED);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(failed.reason()).contains("partition-aggregates").contains("demo_sales_orders");
            assertThatThrownBy(() -> engine.results(id)).isInstanceOf(QueryEnginePermanentException.class)
                    .hasMessageContaining("FAILED");

            execute(file, "CREATE SCHEMA sluice_demo",
                    "CREATE TABLE sluice_demo.demo_sales_orders AS SELECT * FROM range(3)");
            assertThat(engine.start(request)).isEqualTo(id);
            assertThat(engine.check(id).state()).isEqualTo(QueryStatus.State.SUCCEEDED);
            assertThat(engine.results(id).rows()).containsExactly(java.util.List.of("3"));
        }
    }

    @Test
    void unqualifiedNamesResolveInTheRequestsDatabaseAndUnknownExecutionsAreRefused() throws Exception {
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("catalog.duckdb"))) {
            execute(file, "CREATE SCHEMA sluice_demo", "CREATE TABLE sluice_demo.t AS SELECT 7 AS v");
            DuckDbQueryEngine engine = new DuckDbQueryEngine(file);
            String id = engine.start(request("unqualified", "SELECT v FROM t"));
            assertThat(engine.results(id).rows()).containsExactly(java.util.List.of("7"));
            assertThatThrownBy(() -> engine.check("nope")).isInstanceOf(QueryEnginePermanentException.class)
                    .hasMessageContaining("unknown to the local query engine");
        }
    }
}
