package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.WarehousePermanentException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB warehouse: a batch is one transaction, started once per client token, results per sub-statement. */
class DuckDbWarehouseIT {

    @TempDir
    Path directory;

    private static long count(DuckDbFile file, String sql) throws Exception {
        return file.use(connection -> {
            try (Statement st = connection.createStatement(); ResultSet rows = st.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Test
    void aBatchCommitsOnceAndKeepsTheRowsOfItsSelects() throws Exception {
        StatementBatch batch = new StatementBatch("r1", "load", List.of(
                "CREATE TABLE IF NOT EXISTS orders (id INTEGER, amount DECIMAL(10,2))",
                "INSERT INTO orders VALUES (1, 2.50), (2, NULL)",
                "SELECT count(*) AS n, sum(amount) AS total FROM orders"));
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("warehouse.duckdb"))) {
            DuckDbWarehouse warehouse = new DuckDbWarehouse(file);
            String id = warehouse.startBatch(batch);
            assertThat(id).isEqualTo(batch.clientToken());
            assertThat(warehouse.startBatch(batch)).isEqualTo(id);
            assertThat(count(file, "SELECT count(*) FROM orders")).as("the retried start ran nothing").isEqualTo(2);

            StatementStatus status = warehouse.check(id);
            assertThat(status.state()).isEqualTo(StatementStatus.State.FINISHED);
            assertThat(status.subStatements()).extracting(SubStatement::id)
                    .containsExactly(id + ":1", id + ":2", id + ":3");
            assertThat(status.subStatements().get(2).hasResultSet()).isTrue();
            assertThat(status.subStatements().get(1).hasResultSet()).isFalse();
            assertThat(warehouse.results(id + ":3").rows()).containsExactly(List.of("2", "2.50"));
            assertThatThrownBy(() -> warehouse.results(id + ":2")).isInstanceOf(WarehousePermanentException.class);
        }
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("warehouse.duckdb"))) {
            DuckDbWarehouse warehouse = new DuckDbWarehouse(file);
            assertThat(warehouse.check(batch.clientToken()).state()).isEqualTo(StatementStatus.State.FINISHED);
            assertThat(warehouse.startBatch(batch)).isEqualTo(batch.clientToken());
            assertThat(count(file, "SELECT count(*) FROM orders")).isEqualTo(2);
        }
    }

    @Test
    void aFailingStatementRollsTheWholeBatchBackAndARedriveAfterTheFixRunsIt() throws Exception {
        StatementBatch batch = new StatementBatch("r2", "load", List.of(
                "CREATE TABLE target (id INTEGER)",
                "INSERT INTO target SELECT id FROM staging",
                "SELECT count(*) FROM target"));
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("warehouse.duckdb"))) {
            DuckDbWarehouse warehouse = new DuckDbWarehouse(file);
            String id = warehouse.startBatch(batch);
            StatementStatus failed = warehouse.check(id);
            assertThat(failed.state()).isEqualTo(StatementStatus.State.FAILED);
            assertThat(failed.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(failed.error()).contains("statement 2 of 3").contains("staging").contains("rolled back")
                    .contains("does not exist");
            assertThat(failed.subStatements()).extracting(SubStatement::status)
                    .containsExactly("FINISHED", "FAILED", "ABORTED");
            assertThat(count(file, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'target'"))
                    .as("statement 1 rolled back with the batch").isZero();

            file.use(connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE TABLE staging AS SELECT * FROM (VALUES (1), (2), (3)) v(id)");
                }
                return null;
            });
            assertThat(warehouse.startBatch(batch)).isEqualTo(id);
            assertThat(warehouse.check(id).state()).isEqualTo(StatementStatus.State.FINISHED);
            assertThat(warehouse.results(id + ":3").rows()).containsExactly(List.of("3"));
        }
    }

    @Test
    void anUnknownBatchIsRefused() throws Exception {
        try (DuckDbFile file = DuckDbFile.open(directory.resolve("warehouse.duckdb"))) {
            DuckDbWarehouse warehouse = new DuckDbWarehouse(file);
            assertThatThrownBy(() -> warehouse.check("missing")).isInstanceOf(WarehousePermanentException.class)
                    .hasMessageContaining("unknown to the local warehouse");
        }
    }
}
