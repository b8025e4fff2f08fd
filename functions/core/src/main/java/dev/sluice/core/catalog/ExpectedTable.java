package dev.sluice.core.catalog;

import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.LakeColumn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The catalog table a run's Parquet should produce: the data columns with the Glue types of the type mapping
 * (value and companion columns, then Sluice's own {@code _sluice_*} columns) and the partition keys of the lake
 * layout.
 *
 * @param database      the Glue database
 * @param table         the Glue table name (the crawler's name for the table's prefix)
 * @param columns       the data columns
 * @param partitionKeys the partition keys, in order
 */
public record ExpectedTable(String database, String table, List<CatalogColumn> columns,
        List<CatalogColumn> partitionKeys) {

    /** The lake layout's partition keys: {@code ingest_date=YYYY-MM-DD/run_id=<runId>}, both strings in Glue. */
    public static final List<CatalogColumn> LAKE_PARTITION_KEYS = List.of(
            new CatalogColumn("ingest_date", "string"), new CatalogColumn("run_id", "string"));

    /** The per-row 64-bit hash the extractor writes for validation (see {@code RowHashDigest}). */
    public static final CatalogColumn ROW_HASH = new CatalogColumn("_sluice_row_hash", "bigint");

    public ExpectedTable {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
    }

    /**
     * The expected table from the type mapping of each source column (every lake column it becomes) and the
     * {@code _sluice_*} columns the extractor adds, with the lake's partition keys.
     */
    public static ExpectedTable fromMappings(String database, String table, List<ColumnMapping> mappings,
            List<CatalogColumn> sluiceColumns) {
        List<CatalogColumn> columns = new ArrayList<>();
        for (ColumnMapping mapping : mappings) {
            for (LakeColumn lake : mapping.lakeColumns()) {
                columns.add(new CatalogColumn(lake.name(), lake.glueType()));
            }
        }
        columns.addAll(sluiceColumns);
        return new ExpectedTable(database, table, columns, LAKE_PARTITION_KEYS);
    }
}
