package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.TargetColumn;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseQueriesTest {

    @Test
    void redshiftIsDescribedInLowerCaseOthersAsNamed() {
        assertThat(WarehouseQueries.describeSql(LoadDialect.REDSHIFT, "Analytics", "Orders")).isEqualTo(
                "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                        + " is_nullable FROM information_schema.columns WHERE table_schema = 'analytics' AND"
                        + " table_name = 'orders' ORDER BY ordinal_position");
        assertThat(WarehouseQueries.describeSql(LoadDialect.DUCKDB, "Analytics", "Orders"))
                .contains("table_schema = 'Analytics' AND table_name = 'Orders'");
        assertThatThrownBy(() -> WarehouseQueries.describeSql(LoadDialect.REDSHIFT, "a'b", "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catalogTypesBecomeTheCanonicalRedshiftSpelling() {
        assertThat(TargetColumn.canonicalType(WarehouseQueries.typeName(row("character varying", 400, null, null))))
                .isEqualTo("VARCHAR(400)");
        assertThat(TargetColumn.canonicalType(WarehouseQueries.typeName(row("numeric", null, 12, 2))))
                .isEqualTo("DECIMAL(12,2)");
        assertThat(TargetColumn.canonicalType(WarehouseQueries.typeName(row("DECIMAL(18,3)", null, 18, 3))))
                .isEqualTo("DECIMAL(18,3)");
        assertThat(TargetColumn.canonicalType(WarehouseQueries.typeName(row("bigint", null, 64, 0))))
                .isEqualTo("BIGINT");
    }

    @Test
    void duckDbVarcharWithoutLengthCountsAsTheLoadedLength() {
        FakeWarehouse warehouse = new FakeWarehouse();
        warehouse.targetColumns = List.of(Arrays.asList("name", "VARCHAR", null, null, null, "YES"),
                Arrays.asList("id", "INTEGER", null, "32", "0", "NO"));
        WarehouseQueries reads = new WarehouseQueries(warehouse, LoadDialect.DUCKDB, millis -> { });

        List<TargetColumn> columns = reads.describe("r1", "analytics", "orders",
                List.of(new TargetColumn("name", "VARCHAR(100)", true), new TargetColumn("id", "INTEGER", false)),
                "describe", "run r1").orElseThrow();

        assertThat(columns).containsExactly(new TargetColumn("name", "VARCHAR(100)", true),
                new TargetColumn("id", "INTEGER", false));
    }

    @Test
    void duckDbFloatIsTheFourByteRealAndDoubleIsDoublePrecision() {
        FakeWarehouse warehouse = new FakeWarehouse();
        warehouse.targetColumns = List.of(Arrays.asList("weight_kg", "FLOAT", null, "24", "0", "YES"),
                Arrays.asList("price", "DOUBLE", null, "53", "0", "YES"));
        WarehouseQueries reads = new WarehouseQueries(warehouse, LoadDialect.DUCKDB, millis -> { });

        List<TargetColumn> columns = reads.describe("r1", "analytics", "products",
                List.of(new TargetColumn("weight_kg", "REAL", true), new TargetColumn("price", "FLOAT8", true)),
                "describe", "run r1").orElseThrow();

        assertThat(columns).containsExactly(new TargetColumn("weight_kg", "REAL", true),
                new TargetColumn("price", "DOUBLE PRECISION", true));
    }

    @Test
    void aReadThatNeverFinishesIsTransientAfterTheBoundedPoll() {
        FakeWarehouse warehouse = new FakeWarehouse() {
            @Override
            public StatementStatus check(String statementId) {
                return new StatementStatus(StatementStatus.State.RUNNING, "STARTED", List.of(), "", null);
            }
        };
        long[] paused = {0};
        WarehouseQueries reads = new WarehouseQueries(warehouse, LoadDialect.REDSHIFT, millis -> paused[0] += millis);

        assertThatThrownBy(() -> reads.run(new StatementBatch("r1", "describe", List.of("SELECT 1")), "run r1"))
                .isInstanceOf(dev.sluice.core.failure.TransientFailure.class)
                .hasMessageContaining("did not finish within PT2M");
        assertThat(paused[0]).isGreaterThanOrEqualTo(WarehouseQueries.LIMIT.toMillis());
    }

    private static Map<String, Object> row(String type, Integer length, Integer precision, Integer scale) {
        Map<String, Object> row = new HashMap<>();
        row.put("data_type", type);
        row.put("character_maximum_length", length == null ? null : length.toString());
        row.put("numeric_precision", precision == null ? null : precision.toString());
        row.put("numeric_scale", scale == null ? null : scale.toString());
        return row;
    }
}
