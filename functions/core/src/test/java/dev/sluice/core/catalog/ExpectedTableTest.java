package dev.sluice.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.Engine;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedTableTest {

    @Test
    void everyLakeColumnOfTheMappingWithItsGlueTypeThenSluiceColumnsAndTheLakePartitionKeys() {
        TypeMapping mapping = TypeMapping.of(Engine.SQLSERVER);
        List<ColumnMapping> columns = List.of(
                mapping.map(new SourceColumn("order_id", 1, "bigint", 19, 0, false), null),
                mapping.map(new SourceColumn("total", 2, "decimal", 19, 4, false), null),
                mapping.map(new SourceColumn("placed_at", 3, "datetimeoffset", 0, 7, true), null));

        ExpectedTable table = ExpectedTable.fromMappings("lake_raw", "sales_orders", columns,
                List.of(ExpectedTable.ROW_HASH));

        // datetimeoffset carries a companion offset column: both reach the catalog.
        assertThat(table.columns()).extracting(CatalogColumn::name).containsExactly("order_id", "total",
                "placed_at", "_sluice_offset_placed_at", "_sluice_row_hash");
        assertThat(table.columns().get(0).type()).isEqualTo(columns.get(0).glueType()).isEqualTo("bigint");
        assertThat(table.columns().get(1).type()).isEqualTo("decimal(19,4)");
        assertThat(table.partitionKeys()).extracting(CatalogColumn::name).containsExactly("ingest_date", "run_id");
    }
}
