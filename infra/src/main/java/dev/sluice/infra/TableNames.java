package dev.sluice.infra;

import dev.sluice.core.config.TableConfig;
import java.util.Locale;

/**
 * How a configured table is named in AWS resources: {@code <source>.<schema>.<table>} is its identity (event files,
 * the {@code Table} metric dimension); resource names derived from it keep only the characters each service takes.
 */
public final class TableNames {

    private TableNames() {
    }

    /** {@code <source>.<schema>.<table>}, e.g. {@code erp.dbo.Orders}: event file stem and metric dimension value. */
    public static String qualified(TableConfig table) {
        return table.source() + "." + table.table();
    }

    /** A name for schedules, crawlers and construct ids: letters, digits and '-' only, lower case. */
    public static String slug(TableConfig table) {
        return slug(qualified(table));
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.isEmpty()) {
            throw new SynthException("Name '" + text + "' has no letters or digits to build a resource name from.");
        }
        return slug;
    }
}
