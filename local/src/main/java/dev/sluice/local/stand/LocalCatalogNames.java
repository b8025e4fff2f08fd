package dev.sluice.local.stand;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog names of an environment as the CDK app gives them in AWS ({@code dev.sluice.infra.LakeCatalog},
 * {@code TableNames}), mirrored here so local mode's catalog answers to the same names the steps use: the database
 * {@code sluice_<env>}, one crawler per table {@code sluice-<env>-<source>-<schema>-<table>}, and the table it
 * creates {@code <source>_<schema>_<table>} (lower case, runs of other characters as one separator). Kept in one
 * small class so a shared core naming rule can replace it.
 */
public final class LocalCatalogNames {

    private LocalCatalogNames() {
    }

    /** What a crawler crawls: the catalog table it registers and the table's raw prefix in the lake. */
    public record CrawlTarget(String table, String rawTablePrefix) {
    }

    /** The catalog database of an environment: {@code sluice_<env>} ('-' becomes '_'). */
    public static String databaseName(String environment) {
        return "sluice_" + environment.replace('-', '_');
    }

    /** A table's crawler: {@code sluice-<env>-<source>-<schema>-<table>}. */
    public static String crawlerName(String environment, TableConfig table) {
        return "sluice-" + environment + "-" + slug(table);
    }

    /** The catalog table of a configured table: {@code <source>_<schema>_<table>}, lower case. */
    public static String catalogTableName(TableConfig table) {
        return slug(table).replace('-', '_');
    }

    /** Every configured table's crawler with what it crawls, in config order. */
    public static Map<String, CrawlTarget> crawlTargets(SluiceConfig config, LakeLayout layout) {
        String environment = config.environment().name();
        Map<String, CrawlTarget> targets = new LinkedHashMap<>();
        for (TableConfig table : config.tables()) {
            targets.put(crawlerName(environment, table), new CrawlTarget(catalogTableName(table),
                    layout.rawTablePrefix(table.source(), TableRef.parse(table.table()))));
        }
        return targets;
    }

    private static String slug(TableConfig table) {
        String qualified = table.source() + "." + table.table();
        String slug = qualified.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("table " + qualified + " has no letters or digits to name its catalog"
                    + " table from: rename the source or the table in config");
        }
        return slug;
    }
}
