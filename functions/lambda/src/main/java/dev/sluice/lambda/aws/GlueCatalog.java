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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.GetCrawlerRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.StartCrawlerRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.LastCrawlInfo;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The {@link Catalog} on the AWS Glue Data Catalog: crawlers started and checked by name, tables read with
 * GetTable/GetTables, partitions registered with BatchCreatePartition (Parquet storage descriptors).
 */
public final class GlueCatalog implements Catalog {

    private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    private static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private final GlueClient glue;

    public GlueCatalog(GlueClient glue) {
        this.glue = Objects.requireNonNull(glue, "glue");
    }

    @Override
    public CrawlTicket startCrawl(String crawlerName) {
        Crawler before = crawler(crawlerName);
        if (before.state() == CrawlerState.STOPPING) {
            // StartCrawler would be refused as "running", and the crawl being stopped ends CANCELLED: waiting for
            // it would fail the run for nothing. Retry the start once the stop completes.
            throw new CatalogTransientException("crawler " + crawlerName + " is stopping; the start is retried"
                    + " once it is READY", null);
        }
        CrawlTicket ticket = new CrawlTicket(crawlerName,
                before.lastCrawl() == null ? null : before.lastCrawl().startTime());
        try {
            glue.startCrawler(StartCrawlerRequest.builder().name(crawlerName).build());
        } catch (CrawlerRunningException e) {
            // Already crawling (a schedule, an operator, or our own earlier attempt): wait for that crawl; it reads
            // the same prefix, and its outcome is newer than the ticket's previous crawl.
            return ticket;
        } catch (SdkException e) {
            throw failure("start crawler " + crawlerName, e);
        }
        return ticket;
    }

    @Override
    public CrawlStatus checkCrawl(CrawlTicket ticket) {
        Crawler crawler = crawler(ticket.crawlerName());
        CrawlerState state = crawler.state();
        if (state == CrawlerState.RUNNING || state == CrawlerState.STOPPING) {
            return new CrawlStatus(CrawlStatus.State.RUNNING, "crawler " + crawler.name() + " is "
                    + crawler.stateAsString());
        }
        LastCrawlInfo last = crawler.lastCrawl();
        if (last == null || !ticket.isNewCrawl(last.startTime())) {
            // READY but the last crawl is the one before ours: StartCrawler was accepted and the crawl has not
            // begun yet.
            return new CrawlStatus(CrawlStatus.State.RUNNING, "crawler " + crawler.name() + " has not started the"
                    + " requested crawl yet");
        }
        if (last.status() == LastCrawlStatus.SUCCEEDED) {
            return new CrawlStatus(CrawlStatus.State.READY, "crawler " + crawler.name() + " succeeded");
        }
        String error = last.errorMessage() == null || last.errorMessage().isBlank() ? "(no error message)"
                : last.errorMessage();
        String logs = last.logGroup() == null ? "" : " (logs: " + last.logGroup() + " " + last.logStream() + ")";
        return new CrawlStatus(CrawlStatus.State.FAILED, "crawler " + crawler.name() + " last crawl "
                + last.statusAsString() + ": " + error + logs + "; fix the cause (crawler role access to the raw"
                + " prefix, target path) and redrive the execution");
    }

    @Override
    public SchemaCheck compareSchema(ExpectedTable expected) {
        List<CatalogColumn> columns = null;
        List<CatalogColumn> partitionKeys = List.of();
        try {
            Table table = glue.getTable(GetTableRequest.builder()
                    .databaseName(expected.database()).name(expected.table()).build()).table();
            columns = table.storageDescriptor() == null ? List.of() : columns(table.storageDescriptor().columns());
            partitionKeys = columns(table.partitionKeys());
        } catch (EntityNotFoundException e) {
            columns = null;
        } catch (SdkException e) {
            throw failure("read table " + expected.database() + "." + expected.table(), e);
        }
        return SchemaComparison.compare(expected, columns, partitionKeys, tablesWithPrefix(expected));
    }

    @Override
    public void registerPartition(String database, String table, List<String> values, String location,
            List<CatalogColumn> columns) {
        PartitionInput partition = PartitionInput.builder()
                .values(values)
                .storageDescriptor(StorageDescriptor.builder()
                        .location(location)
                        .columns(columns.stream().map(c -> Column.builder().name(c.name()).type(c.type()).build())
                                .toList())
                        .inputFormat(PARQUET_INPUT)
                        .outputFormat(PARQUET_OUTPUT)
                        .serdeInfo(SerDeInfo.builder().serializationLibrary(PARQUET_SERDE).build())
                        .build())
                .build();
        BatchCreatePartitionResponse response;
        try {
            response = glue.batchCreatePartition(BatchCreatePartitionRequest.builder()
                    .databaseName(database).tableName(table).partitionInputList(partition).build());
        } catch (SdkException e) {
            throw failure("register partition " + values + " of " + database + "." + table, e);
        }
        for (PartitionError error : response.errors()) {
            String code = error.errorDetail() == null ? "" : error.errorDetail().errorCode();
            if ("AlreadyExistsException".equals(code)) {
                continue; // registered by an earlier attempt of this run: idempotent success
            }
            String message = error.errorDetail() == null ? "" : error.errorDetail().errorMessage();
            String text = "partition " + error.partitionValues() + " of " + database + "." + table + " at "
                    + location + " was not registered: " + code + ": " + message;
            if (code != null && (code.contains("Throttl") || code.contains("InternalService")
                    || code.contains("OperationTimeout") || code.contains("ConcurrentModification"))) {
                throw new CatalogTransientException(text + "; retry", null);
            }
            throw new CatalogPermanentException(text + "; create the table (catalog: partitions needs it to exist"
                    + " with partition keys ingest_date, run_id) and check the Lambda role's glue permissions", null);
        }
    }

    private Crawler crawler(String crawlerName) {
        try {
            return glue.getCrawler(GetCrawlerRequest.builder().name(crawlerName).build()).crawler();
        } catch (EntityNotFoundException e) {
            throw new CatalogPermanentException("crawler " + crawlerName + " does not exist: deploy the environment's"
                    + " stack (it creates one crawler per table) or fix the crawler name", e);
        } catch (SdkException e) {
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
                GetTablesResponse page = glue.getTables(GetTablesRequest.builder()
                        .databaseName(expected.database()).expression(expression).nextToken(token).build());
                page.tableList().forEach(t -> names.add(t.name()));
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw failure("list tables of " + expected.database(), e);
        }
        return names;
    }

    private static List<CatalogColumn> columns(List<Column> columns) {
        return columns.stream().map(c -> new CatalogColumn(c.name(), c.type())).toList();
    }

    private static CatalogException failure(String action, SdkException e) {
        String text = "Glue could not " + action + ": " + AwsFailures.message(e);
        return AwsFailures.isTransient(e)
                ? new CatalogTransientException(text + "; retrying can help", e)
                : new CatalogPermanentException(text + "; check the name and the Lambda role's glue permissions", e);
    }
}
