package dev.sluice.core.catalog;

import java.util.List;

/**
 * The metadata catalog the lake's tables are registered in (the Glue Data Catalog in AWS, DuckDB views locally).
 * A run's partition reaches it either through a crawler ({@link dev.sluice.core.config.CatalogMode#CRAWLER}),
 * started and checked in separate calls because the state machine waits between them, or by direct partition
 * registration ({@link dev.sluice.core.config.CatalogMode#PARTITIONS}). After either, {@link #compareSchema}
 * proves the catalog describes the table the way the type mapping wrote it.
 *
 * <p>Failures are {@link CatalogTransientException} (retry with backoff) or {@link CatalogPermanentException}
 * (go to Catch and notify).
 */
public interface Catalog {

    /**
     * Starts the crawler. A crawler that is already running counts as started: the returned ticket waits for that
     * crawl to finish.
     */
    CrawlTicket startCrawl(String crawlerName);

    /** Where the crawl of {@code ticket} stands: running, ready (succeeded) or failed with the crawler's message. */
    CrawlStatus checkCrawl(CrawlTicket ticket);

    /**
     * Compares the catalog's table with the expected one: every expected column present with its Glue type, the
     * partition keys as expected, and no sibling tables a crawler split the data into.
     */
    SchemaCheck compareSchema(ExpectedTable expected);

    /**
     * Registers one partition of an existing table directly (no crawler). Idempotent: a partition that already
     * exists is success.
     *
     * @param values   the partition values in partition-key order, e.g. {@code ["2026-11-22", "<runId>"]}
     * @param location the partition's S3 prefix, e.g. {@code s3://bucket/raw/.../ingest_date=.../run_id=.../}
     * @param columns  the data columns (not the partition keys) the partition's storage descriptor describes
     */
    void registerPartition(String database, String table, List<String> values, String location,
            List<CatalogColumn> columns);
}
