package dev.sluice.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaComparisonTest {

    private static final ExpectedTable ORDERS = new ExpectedTable("lake_raw", "sales_orders", List.of(
            new CatalogColumn("order_id", "bigint"),
            new CatalogColumn("amount", "decimal(19,4)"),
            new CatalogColumn("created_at", "timestamp"),
            new CatalogColumn("_sluice_row_hash", "bigint")), ExpectedTable.LAKE_PARTITION_KEYS);

    private static final List<CatalogColumn> CRAWLED = List.of(
            new CatalogColumn("order_id", "bigint"),
            new CatalogColumn("amount", "decimal(19,4)"),
            new CatalogColumn("created_at", "timestamp"),
            new CatalogColumn("_sluice_row_hash", "bigint"));

    @Test
    void aCrawledTableWithTheMappedTypesMatchesIgnoringCaseAndSpaces() {
        List<CatalogColumn> crawled = List.of(new CatalogColumn("ORDER_ID", "BIGINT"),
                new CatalogColumn("amount", "DECIMAL(19, 4)"), new CatalogColumn("created_at", "timestamp"),
                new CatalogColumn("_sluice_row_hash", "bigint"));

        SchemaCheck check = SchemaComparison.compare(ORDERS, crawled, ExpectedTable.LAKE_PARTITION_KEYS,
                List.of("sales_orders", "sales_orders2"));

        assertThat(check.matches()).isTrue();
        assertThat(check.requireMatch()).isSameAs(check);
    }

    @Test
    void aDifferentInferredTypeNamesTheColumnBothTypesAndTheFix() {
        List<CatalogColumn> crawled = List.of(CRAWLED.get(0), new CatalogColumn("amount", "double"), CRAWLED.get(2),
                CRAWLED.get(3));

        SchemaCheck check = SchemaComparison.compare(ORDERS, crawled, ExpectedTable.LAKE_PARTITION_KEYS,
                List.of("sales_orders"));

        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.TYPE_DIFFERS, "amount", "decimal(19,4)", "double"));
        assertThatThrownBy(check::requireMatch)
                .isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("lake_raw.sales_orders")
                .hasMessageContaining("column amount is double in the catalog but the type mapping wrote"
                        + " decimal(19,4)")
                .hasMessageContaining("UPDATE_IN_DATABASE");
    }

    @Test
    void aMissingColumnAndAStaleOneAreBothNamed() {
        List<CatalogColumn> crawled = List.of(CRAWLED.get(0), CRAWLED.get(1), CRAWLED.get(3),
                new CatalogColumn("legacy_flag", "boolean"));

        SchemaCheck check = SchemaComparison.compare(ORDERS, crawled, ExpectedTable.LAKE_PARTITION_KEYS,
                List.of("sales_orders"));

        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.MISSING_COLUMN, "created_at", "timestamp", ""),
                new SchemaMismatch(SchemaMismatch.Kind.UNEXPECTED_COLUMN, "legacy_flag", "", "boolean"));
        assertThat(check.mismatches().get(0).describe()).startsWith("column created_at (timestamp) is missing");
    }

    @Test
    void siblingTablesOfACrawlerSplitAreNamedButAnUnrelatedPrefixIsNot() {
        SchemaCheck check = SchemaComparison.compare(ORDERS, CRAWLED, ExpectedTable.LAKE_PARTITION_KEYS,
                List.of("sales_orders", "sales_orders_run_id_7f3a", "sales_orders2", "sales_orders_run_id_9b1c"));

        assertThat(check.mismatches()).extracting(SchemaMismatch::kind, SchemaMismatch::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SchemaMismatch.Kind.SPLIT_TABLE, "sales_orders_run_id_7f3a"),
                org.assertj.core.groups.Tuple.tuple(SchemaMismatch.Kind.SPLIT_TABLE, "sales_orders_run_id_9b1c"));
        assertThat(check.mismatches().get(0).describe()).contains("CombineCompatibleSchemas")
                .contains("drop sales_orders_run_id_7f3a");
    }

    @Test
    void partitionKeysInAnotherOrderOrTypeDiffer() {
        SchemaCheck check = SchemaComparison.compare(ORDERS, CRAWLED,
                List.of(new CatalogColumn("run_id", "string"), new CatalogColumn("ingest_date", "date")),
                List.of("sales_orders"));

        assertThat(check.mismatches()).containsExactly(new SchemaMismatch(SchemaMismatch.Kind.PARTITION_KEYS_DIFFER,
                "", "[ingest_date string, run_id string]", "[run_id string, ingest_date date]"));
    }

    @Test
    void anAbsentTableIsReportedFirstAndWithoutColumnNoise() {
        SchemaCheck check = SchemaComparison.compare(ORDERS, null, List.of(), List.of("sales_orders_run_id_1"));

        assertThat(check.mismatches()).extracting(SchemaMismatch::kind)
                .containsExactly(SchemaMismatch.Kind.TABLE_MISSING, SchemaMismatch.Kind.SPLIT_TABLE);
    }
}
