package dev.sluice.core.load;

import dev.sluice.core.config.SchemaPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an existing Redshift target differs from the columns a run loads: columns to add (new nullable columns, under
 * the {@code evolve} policy) and changes Sluice refuses to make (a type change, a dropped column, a new column under
 * {@code fail}, a new NOT NULL column), each with a message naming the table, the column and the fix.
 * Names compare case-insensitively, as Redshift folds identifiers to lower case.
 *
 * @param table     {@code schema.table} of the target, for messages
 * @param additions columns to add with {@code ALTER TABLE ... ADD COLUMN}, in load order
 * @param refusals  one message per incompatible change; empty when the load may proceed
 */
public record TargetSchemaDiff(String table, List<TargetColumn> additions, List<String> refusals) {

    public TargetSchemaDiff {
        additions = List.copyOf(additions);
        refusals = List.copyOf(refusals);
    }

    /**
     * Compares the columns a load needs ({@code wanted}, in load order) with the target's existing columns.
     *
     * @param policy the table's schema policy: {@code evolve} adds new nullable columns, {@code fail} refuses them
     */
    public static TargetSchemaDiff between(String table, List<TargetColumn> wanted, List<TargetColumn> existing,
                                           SchemaPolicy policy) {
        Map<String, TargetColumn> present = new LinkedHashMap<>();
        existing.forEach(c -> present.put(c.name().toLowerCase(Locale.ROOT), c));
        List<TargetColumn> additions = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (TargetColumn column : wanted) {
            TargetColumn current = present.remove(column.name().toLowerCase(Locale.ROOT));
            if (current == null) {
                if (!column.nullable()) {
                    refusals.add("target " + table + " lacks NOT NULL column " + column.name() + " " + column.type()
                            + ": Redshift cannot add a NOT NULL column to a loaded table without a default. Fix: add it"
                            + " yourself (ALTER TABLE " + table + " ADD COLUMN " + column.name() + " " + column.type()
                            + " DEFAULT ...) or recreate the target");
                } else if (policy == SchemaPolicy.FAIL) {
                    refusals.add("target " + table + " lacks new column " + column.name() + " " + column.type()
                            + " and the table's schemaPolicy is fail. Fix: set schemaPolicy: evolve for the table, or"
                            + " exclude the column (columns." + column.name() + ".policy: exclude)");
                } else {
                    additions.add(column);
                }
            } else if (!current.type().equals(column.type())) {
                refusals.add("target " + table + " column " + column.name() + " is " + current.type()
                        + " but the run loads " + column.type() + ": Sluice does not change column types. Fix: alter"
                        + " or recreate the target column yourself (a VARCHAR may be widened with ALTER TABLE " + table
                        + " ALTER COLUMN " + column.name() + " TYPE ..., which Redshift runs outside a transaction),"
                        + " or map the source column to the existing type (columns." + column.name() + ".policy)");
            }
        }
        present.values().forEach(gone -> refusals.add("target " + table + " has column " + gone.name() + " "
                + gone.type() + " that the run no longer loads (dropped or excluded at the source): Sluice does not"
                + " drop target columns. Fix: drop it from the target yourself, or stop excluding it in config"));
        return new TargetSchemaDiff(table, additions, refusals);
    }

    /** True when the load may proceed (after the additions). */
    public boolean compatible() {
        return refusals.isEmpty();
    }

    /** Throws {@link TargetSchemaException} listing every refusal, when there is any. */
    public TargetSchemaDiff requireCompatible() {
        if (!refusals.isEmpty()) {
            throw new TargetSchemaException(table, refusals);
        }
        return this;
    }
}
