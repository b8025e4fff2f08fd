package dev.sluice.core.catalog;

import java.util.Objects;

/**
 * One way the catalog's table differs from the expected one, with the fix on-call applies.
 *
 * @param kind     what differs
 * @param column   the column (or, for {@link Kind#SPLIT_TABLE}, the sibling table) concerned; empty for a missing table
 * @param expected the expected type (empty when not applicable)
 * @param actual   the catalog's type (empty when not applicable)
 */
public record SchemaMismatch(Kind kind, String column, String expected, String actual) {

    /** The kinds of difference. */
    public enum Kind {
        /** The table is not in the catalog at all. */
        TABLE_MISSING,
        /** An expected column is absent. */
        MISSING_COLUMN,
        /** The catalog inferred a different type than the type mapping wrote. */
        TYPE_DIFFERS,
        /** A column the type mapping did not write (a stale column, or a crawler that merged schemas). */
        UNEXPECTED_COLUMN,
        /** The partition keys are not {@code ingest_date, run_id}. */
        PARTITION_KEYS_DIFFER,
        /** The crawler split the table's prefix into several tables (e.g. {@code orders_run_id_xxx}). */
        SPLIT_TABLE
    }

    public SchemaMismatch {
        Objects.requireNonNull(kind, "kind");
        column = column == null ? "" : column;
        expected = expected == null ? "" : expected;
        actual = actual == null ? "" : actual;
    }

    /** What differs and the fix, naming the column. */
    public String describe() {
        return switch (kind) {
            case TABLE_MISSING -> "the table is not in the catalog: check the crawler's target path and table"
                    + " prefix, or create the table before registering partitions";
            case MISSING_COLUMN -> "column " + column + " (" + expected + ") is missing: the crawler did not see"
                    + " it; rerun the crawler with schema change policy UPDATE_IN_DATABASE, or register partitions"
                    + " directly (catalog: partitions)";
            case TYPE_DIFFERS -> "column " + column + " is " + actual + " in the catalog but the type mapping wrote "
                    + expected + ": set the crawler's schema change policy to UPDATE_IN_DATABASE and rerun it, use"
                    + " direct partition registration (catalog: partitions), or fix the column's type policy";
            case UNEXPECTED_COLUMN -> "column " + column + " (" + actual + ") is in the catalog but not in the type"
                    + " mapping: a stale column or an earlier schema; recreate the table from the current schema";
            case PARTITION_KEYS_DIFFER -> "partition keys are " + actual + ", expected " + expected + ": the"
                    + " crawler's target must be the table prefix (raw/<source>/<schema>.<table>/)";
            case SPLIT_TABLE -> "the crawler created a separate table " + column + " for part of the data: set its"
                    + " grouping policy to CombineCompatibleSchemas with TableLevelConfiguration, or use direct"
                    + " partition registration (catalog: partitions), then drop " + column;
        };
    }
}
