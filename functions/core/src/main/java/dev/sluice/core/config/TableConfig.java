package dev.sluice.core.config;

import dev.sluice.core.source.SourceTable;
import java.util.List;
import java.util.Map;

/**
 * One table to migrate. {@code table} is {@code schema.table} as the source names it; {@code primaryKey} lists its
 * key columns in key order (empty only for {@code append} and {@code replace} targets without a natural key).
 */
public record TableConfig(
        String source,
        String table,
        List<String> primaryKey,
        WatermarkConfig watermark,
        String splitColumn,
        ChunkBounds chunk,
        ScheduleConfig schedule,
        TargetConfig target,
        Map<String, ColumnOverride> columns,
        ValidationOptions validation,
        SchemaPolicy schemaPolicy,
        CatalogMode catalog) {

    public TableConfig {
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    /** The schema part of {@link #table()}. */
    public String schemaName() {
        return table.substring(0, table.indexOf('.'));
    }

    /** The table part of {@link #table()}. */
    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    /**
     * The primary key runs deduplicate and chunk on: the configured {@code primaryKey} when set, otherwise the
     * source table's own primary key (empty when neither has one).
     */
    public List<String> effectivePrimaryKey(SourceTable source) {
        return !primaryKey.isEmpty() ? primaryKey : source.primaryKey();
    }

    /** This entry with {@link #effectivePrimaryKey(SourceTable)} as its primary key. */
    public TableConfig resolve(SourceTable source) {
        return new TableConfig(this.source, table, effectivePrimaryKey(source), watermark, splitColumn, chunk,
                schedule, target, columns, validation, schemaPolicy, catalog);
    }

    /** The column chunks are split on: the configured split column, else the first primary key column. */
    public List<String> splitColumns() {
        return splitColumn != null ? List.of(splitColumn) : primaryKey;
    }
}
