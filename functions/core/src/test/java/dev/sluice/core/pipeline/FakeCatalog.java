package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A catalog that holds one table: its columns are what the last crawl or registration "inferred" (by default exactly
 * the expected ones, or as a test rewrites them), compared with {@link SchemaComparison} like the Glue adapter does.
 * Crawls report the statuses a test queues.
 */
final class FakeCatalog implements Catalog {

    record Registration(String database, String table, List<String> values, String location,
                        List<CatalogColumn> columns) {
    }

    Instant lastCrawlStart = Instant.parse("2026-11-21T06:00:00Z");
    final List<String> started = new ArrayList<>();
    final List<CrawlTicket> checked = new ArrayList<>();
    final List<Registration> registrations = new ArrayList<>();
    CrawlStatus status = new CrawlStatus(CrawlStatus.State.READY, "");
    UnaryOperator<List<CatalogColumn>> inferred = columns -> columns;
    CatalogException failure;

    @Override
    public CrawlTicket startCrawl(String crawlerName) {
        fail();
        started.add(crawlerName);
        return new CrawlTicket(crawlerName, lastCrawlStart);
    }

    @Override
    public CrawlStatus checkCrawl(CrawlTicket ticket) {
        fail();
        checked.add(ticket);
        return status;
    }

    @Override
    public SchemaCheck compareSchema(ExpectedTable expected) {
        fail();
        return SchemaComparison.compare(expected, inferred.apply(expected.columns()), expected.partitionKeys(),
                List.of(expected.table()));
    }

    @Override
    public void registerPartition(String database, String table, List<String> values, String location,
                                  List<CatalogColumn> columns) {
        fail();
        registrations.add(new Registration(database, table, values, location, columns));
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }
}
