package dev.sluice.core.state;

import dev.sluice.core.config.SchemaPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the schema a table was last written with to the schema the source has now, under the table's
 * {@link SchemaPolicy}. A pure function.
 *
 * <ul>
 *   <li>A new nullable column: with {@code evolve}, allowed and reported (it is added downstream; old rows read it as
 *       null); with {@code fail}, an error.</li>
 *   <li>A new NOT NULL column, a dropped column, a changed type, or a NOT NULL column becoming nullable: always an
 *       error, since rows already in the lake and the warehouse cannot follow without a decision.</li>
 *   <li>A nullable column becoming NOT NULL: allowed and reported (every new value fits the old column).</li>
 * </ul>
 */
public final class SchemaDrift {

    private SchemaDrift() {
    }

    /** What changed, when everything that changed is allowed. */
    public record Report(List<ColumnDescriptor> added, List<String> notes) {
        public Report {
            added = List.copyOf(added);
            notes = List.copyOf(notes);
        }

        /** True when the schema did not change at all. */
        public boolean unchanged() {
            return added.isEmpty() && notes.isEmpty();
        }
    }

    /**
     * Checks {@code actual} against {@code expected} for {@code table}.
     *
     * @throws SchemaDriftException listing every disallowed change with its column and fix
     */
    public static Report compare(String table, List<ColumnDescriptor> expected, List<ColumnDescriptor> actual,
            SchemaPolicy policy) {
        Map<String, ColumnDescriptor> before = index(expected);
        Map<String, ColumnDescriptor> after = index(actual);
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ColumnDescriptor> added = new ArrayList<>();

        for (var entry : before.entrySet()) {
            ColumnDescriptor old = entry.getValue();
            ColumnDescriptor now = after.get(entry.getKey());
            if (now == null) {
                errors.add("column '" + old.name() + "' was dropped from " + table + ": restore it in the source, "
                        + "or exclude it in the table's config and rerun the backfill");
                continue;
            }
            if (!normalizeType(old.type()).equals(normalizeType(now.type()))) {
                errors.add("column '" + old.name() + "' of " + table + " changed type from " + old.type() + " to "
                        + now.type() + ": add a column override mapping it to " + old.type()
                        + " if the values still fit, or migrate the target column and rerun the backfill");
            }
            if (!old.nullable() && now.nullable()) {
                errors.add("column '" + old.name() + "' of " + table + " became nullable: make the target column "
                        + "nullable (the lake and warehouse columns are NOT NULL), then rerun");
            } else if (old.nullable() && !now.nullable()) {
                notes.add("column '" + old.name() + "' of " + table + " became NOT NULL (compatible)");
            }
        }
        for (var entry : after.entrySet()) {
            if (before.containsKey(entry.getKey())) {
                continue;
            }
            ColumnDescriptor column = entry.getValue();
            if (!column.nullable()) {
                errors.add("new column '" + column.name() + "' of " + table + " is NOT NULL: rows already loaded "
                        + "have no value for it; backfill the table, or exclude the column in the table's config");
            } else if (policy == SchemaPolicy.FAIL) {
                errors.add("new column '" + column.name() + "' (" + column.type() + ") appeared in " + table
                        + " and the table's schemaPolicy is fail: set schemaPolicy: evolve to add it, "
                        + "or exclude the column in the table's config");
            } else {
                added.add(column);
                notes.add("new nullable column '" + column.name() + "' (" + column.type() + ") of " + table
                        + " is added (schemaPolicy evolve)");
            }
        }
        if (!errors.isEmpty()) {
            throw new SchemaDriftException(table, errors);
        }
        return new Report(added, notes);
    }

    private static Map<String, ColumnDescriptor> index(List<ColumnDescriptor> columns) {
        Map<String, ColumnDescriptor> byName = new LinkedHashMap<>();
        for (ColumnDescriptor column : columns) {
            if (byName.put(column.name().toLowerCase(Locale.ROOT), column) != null) {
                throw new IllegalArgumentException("column '" + column.name() + "' appears twice");
            }
        }
        return byName;
    }

    private static String normalizeType(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
