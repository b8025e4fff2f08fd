package dev.sluice.lambda.aws;

import dev.sluice.core.catalog.Catalog;
import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogException;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaComparison;
import dev.sluice.lambda.aws.GlueApi.Crawler;
import dev.sluice.lambda.aws.GlueApi.GlueApiException;
import dev.sluice.lambda.aws.GlueApi.LastCrawl;
import dev.sluice.lambda.aws.GlueApi.PartitionError;
import dev.sluice.lambda.aws.GlueApi.PartitionInput;
import dev.sluice.lambda.aws.GlueApi.TablePage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Catalog} on the AWS Glue Data Catalog: crawlers started and checked by name, tables read with
 * GetTable/GetTables, partitions registered with BatchCreatePartition (Parquet storage descriptors).
 */
public final class GlueCatalog implements Catalog {

    private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private static final String RUNNING = "RUNNING";
    private static final String STOPPING = "STOPPING";
    private static final String SUCCEEDED = "SUCCEEDED";

    private final GlueApi glue;

    public GlueCatalog(GlueApi glue) {
        this.glue = Objects.requireNonNull(glue, "glue");
    }

    @Override
    public CrawlTicket startCrawl(String crawlerName) {
        Crawler before = crawler(crawlerName);
        if (STOPPING.equals(before.state())) {
            // StartCrawler would be refused as "running", and the crawl being stopped ends CANCELLED: waiting for
            // it would fail the run for nothing. Retry the start once the stop completes.
            throw new CatalogTransientException("crawler " + crawlerName + " is stopping; the start is retried"
                    + " once it is READY", null);
        }
        CrawlTicket ticket = new CrawlTicket(crawlerName,
                before.lastCrawl() == null ? null : before.lastCrawl().startTime());
        try {
            glue.startCrawler(crawlerName);
        } catch (GlueApiException e) {
            if (e.is("CrawlerRunningException")) {
                // Already crawling (a schedule, an operator, or our own earlier attempt): wait for that crawl; it
                // reads the same prefix, and its outcome is newer than the ticket's previous crawl.
                return ticket;
            }
            throw failure("start crawler " + crawlerName, e);
        }
        return ticket;
    }

    @Override
    public CrawlStatus checkCrawl(CrawlTicket ticket) {
        Crawler crawler = crawler(ticket.crawlerName());
        String state = crawler.state();
        if (RUNNING.equals(state) || STOPPING.equals(state)) {
            return new CrawlStatus(CrawlStatus.State.RUNNING, "crawler " + crawler.name() + " is " + state);
        }
        LastCrawl last = crawler.lastCrawl();
        if (last == null || !ticket.isNewCrawl(last.startTime())) {
            // READY but the last crawl is the one before ours: StartCrawler was accepted and the crawl has not
            // begun yet.
            return new CrawlStatus(CrawlStatus.State.RUNNING, "crawler " + crawler.name() + " has not started the"
                    + " requested crawl yet");
        }
        if (SUCCEEDED.equals(last.status())) {
            return new CrawlStatus(CrawlStatus.State.READY, "crawler " + crawler.name() + " succeeded");
        }
        String error = last.errorMessage() == null || last.errorMessage().isBlank() ? "(no error message)"
                : last.errorMessage();
        String logs = last.logGroup() == null ? "" : " (logs: " + last.logGroup() + " " + last.logStream() + ")";
        return new CrawlStatus(CrawlStatus.State.FAILED, "crawler " + crawler.name() + " last crawl "
                + last.status() + ": " + error + logs + "; fix the cause (crawler role access to the raw"
                + " prefix, target path) and redrive the execution");
    }

    @Override
    public SchemaCheck compareSchema(ExpectedTable expected) {
        List<CatalogColumn> columns = null;
        List<CatalogColumn> partitionKeys = List.of();
        try {
            GlueApi.Table table = glue.getTable(expected.database(), expected.table());
            columns = table.columns();
            partitionKeys = table.partitionKeys();
        } catch (GlueApiException e) {
            if (!e.is("EntityNotFoundException")) {
                throw failure("read table " + expected.database() + "." + expected.table(), e);
            }
            columns = null;
        }
        return SchemaComparison.compare(expected, columns, partitionKeys, tablesWithPrefix(expected));
    }

    @Override
    public void registerPartition(String database, String table, List<String> values, String location,
            List<CatalogColumn> columns) {
        PartitionInput partition = new PartitionInput(values, location, columns, PARQUET_INPUT, PARQUET_OUTPUT,
                PARQUET_SERDE);
        List<PartitionError> errors;
        try {
            errors = glue.batchCreatePartition(database, table, List.of(partition));
        } catch (GlueApiException e) {
            throw failure("register partition " + values + " of " + database + "." + table, e);
        }
        for (PartitionError error : errors) {
            String code = error.errorCode() == null ? "" : GlueApi.errorType(error.errorCode(), 0);
            if ("AlreadyExistsException".equals(code)) {
                continue; // registered by an earlier attempt of this run: idempotent success
            }
            String message = error.errorMessage() == null ? "" : error.errorMessage();
            String text = "partition " + error.values() + " of " + database + "." + table + " at "
                    + location + " was not registered: " + code + ": " + message;
            if ((code.contains("Throttl") || code.contains("InternalService")
                    || code.contains("OperationTimeout") || code.contains("ConcurrentModification"))) {
                throw new CatalogTransientException(text + "; retry", null);
            }
            throw new CatalogPermanentException(text + "; create the table (catalog: partitions needs it to exist"
                    + " with partition keys ingest_date, run_id) and check the Lambda role's glue permissions", null);
        }
    }

    private Crawler crawler(String crawlerName) {
        try {
            return glue.getCrawler(crawlerName);
        } catch (GlueApiException e) {
            if (e.is("EntityNotFoundException")) {
                throw new CatalogPermanentException("crawler " + crawlerName + " does not exist: deploy the"
                        + " environment's stack (it creates one crawler per table) or fix the crawler name", e);
            }
            throw failure("read crawler " + crawlerName, e);
        }
    }

    private List<String> tablesWithPrefix(ExpectedTable expected) {
        List<String> names = new ArrayList<>();
        String token = null;
        // Glue table names are [a-z0-9_]; anything else is escaped so the regular expression matches it literally.
        String expression = expected.table().replaceAll("([^A-Za-z0-9_])", "\\\\$1") + ".*";
        try {
            do {
                TablePage page = glue.getTables(expected.database(), expression, token);
                names.addAll(page.names());
                token = page.nextToken();
            } while (token != null);
        } catch (GlueApiException e) {
            throw failure("list tables of " + expected.database(), e);
        }
        return names;
    }

    private static CatalogException failure(String action, GlueApiException e) {
        String text = "Glue could not " + action + ": " + e.getMessage();
        return e.isTransient()
                ? new CatalogTransientException(text + "; retrying can help", e)
                : new CatalogPermanentException(text + "; check the name and the Lambda role's glue permissions", e);
    }
}
