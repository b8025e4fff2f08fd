package dev.sluice.core.pipeline;

import dev.sluice.core.config.TableConfig;
import java.util.Locale;

/**
 * How a configured table is named in the catalog: the same rule as the infra's {@code LakeCatalog} and
 * {@code TableNames} (which create the crawlers and the database), kept here so the steps find what the infra
 * deployed. A crawler is {@code sluice-<env>-<slug>}, its table {@code <slug>} with '-' as '_', where the slug is
 * {@code <source>.<schema>.<table>} lower-cased with every run of other characters than letters and digits as one
 * '-'.
 */
public final class CatalogNames {

    private CatalogNames() {
    }

    /** The catalog database of an environment: {@code sluice_<env>} ('-' becomes '_'). */
    public static String databaseName(String environment) {
        return "sluice_" + environment.replace('-', '_');
    }

    /** The table's crawler: {@code sluice-<env>-<source>-<schema>-<table>}. */
    public static String crawlerName(String environment, TableConfig table) {
        return "sluice-" + environment + "-" + slug(table);
    }

    /** The catalog table of the table's raw prefix: {@code <source>_<schema>_<table>}, lower case. */
    public static String catalogTableName(TableConfig table) {
        return slug(table).replace('-', '_');
    }

    /** {@code <source>.<schema>.<table>} as letters, digits and '-', lower case. */
    static String slug(TableConfig table) {
        String text = table.source() + "." + table.table();
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("table '" + text + "' has no letters or digits to name its catalog"
                    + " table and crawler by; rename the source in config");
        }
        return slug;
    }
}
