package dev.sluice.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares what the catalog holds for a table with what the type mapping wrote. Names compare case-insensitively
 * (Glue lower-cases them) and types ignore case and spaces.
 */
public final class SchemaComparison {

    private SchemaComparison() {
    }

    /**
     * @param actualColumns       the catalog's data columns, or {@code null} when the table does not exist
     * @param actualPartitionKeys the catalog's partition keys
     * @param tablesWithPrefix    the names of every table in the database starting with the expected table's name
     *                            (including itself); others than the table itself that continue with {@code _}
     *                            are a crawler's split
     */
    public static SchemaCheck compare(ExpectedTable expected, List<CatalogColumn> actualColumns,
            List<CatalogColumn> actualPartitionKeys, List<String> tablesWithPrefix) {
        List<SchemaMismatch> mismatches = new ArrayList<>();
        String table = expected.table().toLowerCase(Locale.ROOT);
        for (String name : tablesWithPrefix) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(table) && lower.startsWith(table + "_")) {
                mismatches.add(new SchemaMismatch(SchemaMismatch.Kind.SPLIT_TABLE, name, "", ""));
            }
        }
        if (actualColumns == null) {
            mismatches.add(0, new SchemaMismatch(SchemaMismatch.Kind.TABLE_MISSING, "", "", ""));
            return new SchemaCheck(expected.database(), expected.table(), mismatches);
        }
        Map<String, CatalogColumn> actual = byName(actualColumns);
        for (CatalogColumn column : expected.columns()) {
            CatalogColumn found = actual.remove(column.normalizedName());
            if (found == null) {
                mismatches.add(new SchemaMismatch(SchemaMismatch.Kind.MISSING_COLUMN, column.name(), column.type(),
                        ""));
            } else if (!found.normalizedType().equals(column.normalizedType())) {
                mismatches.add(new SchemaMismatch(SchemaMismatch.Kind.TYPE_DIFFERS, column.name(), column.type(),
                        found.type()));
            }
        }
        for (CatalogColumn extra : actual.values()) {
            mismatches.add(new SchemaMismatch(SchemaMismatch.Kind.UNEXPECTED_COLUMN, extra.name(), "",
                    extra.type()));
        }
        if (!describe(expected.partitionKeys()).equals(describe(actualPartitionKeys))) {
            mismatches.add(new SchemaMismatch(SchemaMismatch.Kind.PARTITION_KEYS_DIFFER, "",
                    describe(expected.partitionKeys()), describe(actualPartitionKeys)));
        }
        return new SchemaCheck(expected.database(), expected.table(), mismatches);
    }

    private static Map<String, CatalogColumn> byName(List<CatalogColumn> columns) {
        Map<String, CatalogColumn> map = new LinkedHashMap<>();
        for (CatalogColumn column : columns) {
            map.put(column.normalizedName(), column);
        }
        return map;
    }

    private static String describe(List<CatalogColumn> keys) {
        return keys.stream().map(k -> k.normalizedName() + " " + k.normalizedType())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
