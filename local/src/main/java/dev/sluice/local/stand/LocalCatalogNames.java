package dev.sluice.local.stand;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.pipeline.CatalogNames;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Local mode's catalog under the names the steps use in AWS ({@link CatalogNames}): the database
 * {@code sluice_<env>}, one crawler per table {@code sluice-<env>-<source>-<schema>-<table>}, and the table it
 * creates {@code <source>_<schema>_<table>}; plus what each crawler crawls.
 */
public final class LocalCatalogNames {

    private LocalCatalogNames() {
    }

    /** What a crawler crawls: the catalog table it registers and the table's raw prefix in the lake. */
    public record CrawlTarget(String table, String rawTablePrefix) {
    }

    /** The catalog database of an environment: {@code sluice_<env>} ('-' becomes '_'). */
    public static String databaseName(String environment) {
        return CatalogNames.databaseName(environment);
    }

    /** A table's crawler: {@code sluice-<env>-<source>-<schema>-<table>}. */
    public static String crawlerName(String environment, TableConfig table) {
        return CatalogNames.crawlerName(environment, table);
    }

    /** The catalog table of a configured table: {@code <source>_<schema>_<table>}, lower case. */
    public static String catalogTableName(TableConfig table) {
        return CatalogNames.catalogTableName(table);
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
}
