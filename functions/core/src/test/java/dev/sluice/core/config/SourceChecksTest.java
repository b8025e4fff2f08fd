package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigProblem.Severity;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceIndex;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ConfigValidator#checkAgainstSource}: what only the introspected source table can reveal. */
class SourceChecksTest {

    private static final Path FILE = Path.of("config/dev.yaml");

    /** sales.orders of the demo dataset, as the PostgreSQL catalog describes it. */
    private static final SourceTable ORDERS = new SourceTable(
            new TableRef("sales", "orders"),
            List.of(
                    new SourceColumn("order_id", 1, "int8", 0, 0, false),
                    new SourceColumn("customer_id", 2, "int8", 0, 0, true),
                    new SourceColumn("order_ts", 3, "timestamptz", 6, 0, true),
                    new SourceColumn("order_date", 4, "date", 0, 0, true),
                    new SourceColumn("status", 5, "varchar", 16, 0, true),
                    new SourceColumn("notes", 6, "text", -1, 0, true),
                    new SourceColumn("updated_at", 7, "timestamptz", 6, 0, false)),
            List.of("order_id"),
            List.of(new SourceIndex("orders_pkey", List.of("order_id"), true, false)),
            1_000_000, 200_000_000);

    /** A heap table with no primary key but a unique index. */
    private static final SourceTable EVENTS = new SourceTable(
            new TableRef("sales", "events"),
            List.of(
                    new SourceColumn("event_id", 1, "int8", 0, 0, false),
                    new SourceColumn("occurred_at", 2, "timestamp", 6, 0, true)),
            List.of(),
            List.of(new SourceIndex("events_event_id_key", List.of("event_id"), true, false)),
            1000, 100_000);

    private static TableConfig table(List<String> primaryKey, WatermarkConfig watermark, String splitColumn,
            TargetConfig target, Map<String, ColumnOverride> columns) {
        return new TableConfig("demo", "sales.orders", primaryKey, watermark, splitColumn, ChunkBounds.DEFAULT, null,
                target, columns, ValidationOptions.DEFAULT, SchemaPolicy.EVOLVE, CatalogMode.CRAWLER);
    }

    private static TableConfig orders() {
        return table(List.of("order_id"), timestamp("updated_at"), null, merge(), Map.of());
    }

    private static WatermarkConfig timestamp(String column) {
        return new WatermarkConfig(WatermarkConfig.Type.TIMESTAMP, column, null, null);
    }

    private static TargetConfig merge() {
        return new TargetConfig("sales", "orders", TargetConfig.Mode.MERGE, null, List.of());
    }

    private static List<ConfigProblem> check(TableConfig table, SourceTable source) {
        return ConfigValidator.checkAgainstSource(FILE, 2, table, source);
    }

    @Test
    void aMatchingTableHasNoProblems() {
        assertThat(check(orders(), ORDERS)).isEmpty();
    }

    @Test
    void missingWatermarkColumnListsTheTimestampColumnsAsCandidates() {
        List<ConfigProblem> problems = check(
                table(List.of("order_id"), timestamp("modified_at"), null, merge(), Map.of()), ORDERS);
        ConfigProblem p = ConfigDraft.at(problems, "tables[2].watermark.column");
        assertThat(p.severity()).isEqualTo(Severity.ERROR);
        assertThat(p.problem()).isEqualTo("column 'modified_at' is not in sales.orders; timestamp columns: "
                + "order_ts, order_date, updated_at");
        assertThat(p.fix()).isEqualTo("set column: to one of order_ts, order_date, updated_at");
        assertThat(p.describe()).startsWith("config/dev.yaml: tables[2].watermark.column: column 'modified_at'");
    }

    @Test
    void missingKeyWatermarkColumnListsIntegerColumns() {
        TableConfig t = table(List.of("order_id"),
                new WatermarkConfig(WatermarkConfig.Type.KEY, "id", null, null), null,
                new TargetConfig("sales", "orders", TargetConfig.Mode.APPEND, null, List.of()), Map.of());
        ConfigProblem p = ConfigDraft.at(check(t, ORDERS), "tables[2].watermark.column");
        assertThat(p.problem()).endsWith("integer columns: order_id, customer_id");
    }

    @Test
    void watermarkColumnOfAnotherTypeOrNullableOnlyWarns() {
        List<ConfigProblem> text = check(table(List.of("order_id"), timestamp("status"), null, merge(), Map.of()),
                ORDERS);
        assertThat(text).isNotEmpty().allSatisfy(p -> {
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.describe()).contains("tables[2].watermark.column: warning: ");
        });
        assertThat(text).anySatisfy(p -> assertThat(p.problem()).contains("is varchar, not a timestamp type"));
        List<ConfigProblem> nullable = check(table(List.of("order_id"), timestamp("order_ts"), null, merge(),
                Map.of()), ORDERS);
        assertThat(nullable).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.problem()).contains("rows whose order_ts is NULL are never picked up");
        });
    }

    @Test
    void missingPrimaryKeySplitOverrideAndKeyColumnsAreErrors() {
        TableConfig t = table(List.of("order_id", "line_no"), timestamp("updated_at"), "order_number",
                new TargetConfig("sales", "orders", TargetConfig.Mode.MERGE, "customer", List.of("order_tz")),
                Map.of("comments", new ColumnOverride(ColumnOverride.Policy.EXCLUDE, "unused")));
        List<ConfigProblem> problems = check(t, ORDERS);
        assertThat(ConfigDraft.at(problems, "tables[2].primaryKey[1]").problem())
                .isEqualTo("primary key column 'line_no' is not in sales.orders");
        assertThat(ConfigDraft.at(problems, "tables[2].splitColumn").problem())
                .isEqualTo("split column 'order_number' is not in sales.orders");
        assertThat(ConfigDraft.at(problems, "tables[2].columns.comments").problem())
                .isEqualTo("override column 'comments' is not in sales.orders");
        assertThat(ConfigDraft.at(problems, "tables[2].target.distKey").fix())
                .isEqualTo("did you mean 'customer_id'? use a column of the table: order_id, customer_id, order_ts, "
                        + "order_date, status, notes, updated_at");
        assertThat(ConfigDraft.at(problems, "tables[2].target.sortKeys[0]").fix()).startsWith("did you mean 'order_ts'?");
        assertThat(problems).filteredOn(ConfigProblem::isError).hasSize(5);
    }

    @Test
    void columnNamesMatchIgnoringCase() {
        TableConfig t = table(List.of("ORDER_ID"), timestamp("Updated_At"), null, merge(),
                Map.of("Notes", new ColumnOverride(ColumnOverride.Policy.ACCEPT_LOSSY, "truncated")));
        assertThat(check(t, ORDERS)).isEmpty();
    }

    @Test
    void configuredKeyThatDiffersFromTheSourceOnlyWarns() {
        TableConfig t = table(List.of("customer_id", "order_id"), timestamp("updated_at"), null, merge(), Map.of());
        assertThat(check(t, ORDERS)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("tables[2].primaryKey");
            assertThat(p.severity()).isEqualTo(Severity.WARNING);
            assertThat(p.problem()).isEqualTo("the configured primary key [customer_id, order_id] differs from the "
                    + "source's [order_id]");
        });
    }

    @Test
    void mergeWithoutAnyPrimaryKeySuggestsAUniqueIndex() {
        TableConfig t = new TableConfig("demo", "sales.events", List.of(), timestamp("occurred_at"), null,
                ChunkBounds.DEFAULT, null, new TargetConfig("sales", "events", TargetConfig.Mode.MERGE, null, null),
                null, ValidationOptions.DEFAULT, SchemaPolicy.EVOLVE, CatalogMode.CRAWLER);
        ConfigProblem p = ConfigDraft.at(check(t, EVENTS), "tables[2].target.mode");
        assertThat(p.severity()).isEqualTo(Severity.ERROR);
        assertThat(p.problem()).isEqualTo("mode 'merge' needs a primary key, and sales.events has none in config "
                + "nor in the source");
        assertThat(p.fix()).isEqualTo("add primaryKey: [event_id] (the columns of unique index events_event_id_key), "
                + "or use mode: append with a key watermark");
    }

    @Test
    void mergeWithTheSourcesKeyOnlyIsFine() {
        TableConfig t = table(List.of(), timestamp("updated_at"), null, merge(), Map.of());
        assertThat(check(t, ORDERS)).isEmpty();
    }

    @Test
    void effectivePrimaryKeyIsTheConfiguredOneElseTheSources() {
        assertThat(orders().effectivePrimaryKey(ORDERS)).containsExactly("order_id");
        TableConfig noKey = table(List.of(), timestamp("updated_at"), null, merge(), Map.of());
        assertThat(noKey.effectivePrimaryKey(ORDERS)).containsExactly("order_id");
        assertThat(noKey.splitColumns()).isEmpty();
        assertThat(noKey.resolve(ORDERS).splitColumns()).containsExactly("order_id");
        TableConfig configured = table(List.of("customer_id"), timestamp("updated_at"), null, merge(), Map.of());
        assertThat(configured.effectivePrimaryKey(ORDERS)).containsExactly("customer_id");
        assertThat(noKey.effectivePrimaryKey(EVENTS)).isEmpty();
    }
}
