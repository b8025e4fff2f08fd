package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaMismatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionRequest;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetCrawlerRequest;
import software.amazon.awssdk.services.glue.model.GetCrawlerResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.LastCrawlInfo;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.StartCrawlerRequest;
import software.amazon.awssdk.services.glue.model.StartCrawlerResponse;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.ThrottlingException;

class GlueCatalogTest {

    private static final String CRAWLER = "sluice-dev-sales-orders";
    private static final Instant YESTERDAY = Instant.parse("2026-11-21T02:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-22T02:00:00Z");

    /** A Glue client that answers the calls the catalog makes from scripted state and records the requests. */
    static final class FakeGlue implements GlueClient {
        Supplier<Crawler> crawler;
        RuntimeException onStart;
        int starts;
        Table table;
        List<List<String>> tablePages = List.of(List.of());
        final List<GetTablesRequest> tablesRequests = new ArrayList<>();
        BatchCreatePartitionResponse partitionResponse = BatchCreatePartitionResponse.builder().build();
        BatchCreatePartitionRequest partitionRequest;

        @Override
        public GetCrawlerResponse getCrawler(GetCrawlerRequest request) {
            return GetCrawlerResponse.builder().crawler(crawler.get()).build();
        }

        @Override
        public StartCrawlerResponse startCrawler(StartCrawlerRequest request) {
            starts++;
            if (onStart != null) {
                throw onStart;
            }
            return StartCrawlerResponse.builder().build();
        }

        @Override
        public GetTableResponse getTable(GetTableRequest request) {
            if (table == null) {
                throw EntityNotFoundException.builder().message("Table not found").build();
            }
            return GetTableResponse.builder().table(table).build();
        }

        @Override
        public GetTablesResponse getTables(GetTablesRequest request) {
            tablesRequests.add(request);
            int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            return GetTablesResponse.builder()
                    .tableList(tablePages.get(page).stream().map(n -> Table.builder().name(n).build()).toList())
                    .nextToken(page + 1 < tablePages.size() ? Integer.toString(page + 1) : null)
                    .build();
        }

        @Override
        public BatchCreatePartitionResponse batchCreatePartition(BatchCreatePartitionRequest request) {
            partitionRequest = request;
            return partitionResponse;
        }

        @Override
        public String serviceName() {
            return "glue";
        }

        @Override
        public void close() {
        }
    }

    private static Crawler crawler(CrawlerState state, LastCrawlStatus lastStatus, Instant lastStart, String error) {
        Crawler.Builder b = Crawler.builder().name(CRAWLER).state(state);
        if (lastStatus != null) {
            b.lastCrawl(LastCrawlInfo.builder().status(lastStatus).startTime(lastStart).errorMessage(error)
                    .logGroup("/aws-glue/crawlers").logStream(CRAWLER).build());
        }
        return b.build();
    }

    private final FakeGlue glue = new FakeGlue();
    private final GlueCatalog catalog = new GlueCatalog(glue);

    @Test
    void aCrawlerThatIsAlreadyRunningCountsAsStartedAndIsWaitedFor() {
        glue.crawler = () -> crawler(CrawlerState.RUNNING, LastCrawlStatus.SUCCEEDED, YESTERDAY, null);
        glue.onStart = CrawlerRunningException.builder().message("Crawler with name " + CRAWLER + " has already"
                + " started").build();

        CrawlTicket ticket = catalog.startCrawl(CRAWLER);

        assertThat(glue.starts).isEqualTo(1);
        assertThat(ticket).isEqualTo(new CrawlTicket(CRAWLER, YESTERDAY));
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.RUNNING);

        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.SUCCEEDED, TODAY, null);
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.READY);
    }

    @Test
    void readyWithThePreviousCrawlsOutcomeIsStillWaitingForOurs() {
        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.FAILED, YESTERDAY, "old failure");
        CrawlTicket ticket = catalog.startCrawl(CRAWLER);

        CrawlStatus status = catalog.checkCrawl(ticket);

        assertThat(status.state()).isEqualTo(CrawlStatus.State.RUNNING);
        assertThat(status.message()).doesNotContain("old failure");
    }

    @Test
    void startingAStoppingCrawlerIsATransientFailureSoTheStartIsRetried() {
        glue.crawler = () -> crawler(CrawlerState.STOPPING, LastCrawlStatus.SUCCEEDED, YESTERDAY, null);

        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogTransientException.class)
                .hasMessageContaining("crawler " + CRAWLER + " is stopping");
        assertThat(glue.starts).isZero();
    }

    @Test
    void stoppingIsStillRunning() {
        glue.crawler = () -> crawler(CrawlerState.STOPPING, LastCrawlStatus.SUCCEEDED, TODAY, null);

        assertThat(catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY)).state())
                .isEqualTo(CrawlStatus.State.RUNNING);
    }

    @Test
    void aFailedCrawlIsFailedWithTheCrawlersMessage() {
        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.FAILED, TODAY,
                "Insufficient Lake Formation permission(s) on s3://lake/raw/erp/sales.orders/");

        CrawlStatus status = catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY));

        assertThat(status.state()).isEqualTo(CrawlStatus.State.FAILED);
        assertThat(status.message()).contains("crawler " + CRAWLER + " last crawl FAILED: Insufficient Lake"
                + " Formation permission(s) on s3://lake/raw/erp/sales.orders/").contains("/aws-glue/crawlers");
    }

    @Test
    void aCancelledCrawlIsFailed() {
        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.CANCELLED, TODAY, null);

        CrawlStatus status = catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY));

        assertThat(status.state()).isEqualTo(CrawlStatus.State.FAILED);
        assertThat(status.message()).contains("last crawl CANCELLED: (no error message)");
    }

    @Test
    void aFirstEverCrawlThatSucceededIsReady() {
        glue.crawler = () -> crawler(CrawlerState.READY, null, null, null);
        CrawlTicket ticket = catalog.startCrawl(CRAWLER);
        assertThat(ticket.previousCrawlStart()).isNull();
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.RUNNING);

        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.SUCCEEDED, TODAY, null);
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.READY);
    }

    @Test
    void throttlingWhileStartingIsTransientAndAMissingCrawlerIsPermanent() {
        glue.crawler = () -> crawler(CrawlerState.READY, LastCrawlStatus.SUCCEEDED, YESTERDAY, null);
        glue.onStart = ThrottlingException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();

        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogTransientException.class)
                .hasMessageContaining("start crawler " + CRAWLER).hasMessageContaining("Rate exceeded");

        glue.crawler = () -> {
            throw EntityNotFoundException.builder().message("Crawler entry with name x does not exist").build();
        };
        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("crawler " + CRAWLER + " does not exist");
    }

    private static final ExpectedTable ORDERS = new ExpectedTable("lake_raw", "sales_orders", List.of(
            new CatalogColumn("order_id", "bigint"), new CatalogColumn("amount", "decimal(19,4)"),
            new CatalogColumn("_sluice_row_hash", "bigint")), ExpectedTable.LAKE_PARTITION_KEYS);

    private static Table table(Map<String, String> columns) {
        return Table.builder().name("sales_orders")
                .storageDescriptor(StorageDescriptor.builder().columns(columns.entrySet().stream()
                        .map(e -> Column.builder().name(e.getKey()).type(e.getValue()).build()).toList()).build())
                .partitionKeys(Column.builder().name("ingest_date").type("string").build(),
                        Column.builder().name("run_id").type("string").build())
                .build();
    }

    @Test
    void aCrawledTypeThatDiffersIsAFailureNamingTheColumn() {
        glue.table = table(new java.util.LinkedHashMap<>(Map.of("order_id", "bigint", "amount", "double",
                "_sluice_row_hash", "bigint")));
        glue.tablePages = List.of(List.of("sales_orders"));

        SchemaCheck check = catalog.compareSchema(ORDERS);

        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.TYPE_DIFFERS, "amount", "decimal(19,4)", "double"));
        assertThat(glue.tablesRequests.get(0).databaseName()).isEqualTo("lake_raw");
        assertThat(glue.tablesRequests.get(0).expression()).isEqualTo("sales_orders.*");
    }

    @Test
    void aSplitTableIsFoundOnAnyPageOfGetTables() {
        glue.table = table(Map.of("order_id", "bigint", "amount", "decimal(19,4)", "_sluice_row_hash", "bigint"));
        glue.tablePages = List.of(List.of("sales_orders"), List.of("sales_orders_run_id_20261122a"));

        SchemaCheck check = catalog.compareSchema(ORDERS);

        assertThat(glue.tablesRequests).hasSize(2);
        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.SPLIT_TABLE, "sales_orders_run_id_20261122a", "", ""));
    }

    @Test
    void aMissingColumnAndAMissingTableAreFailures() {
        glue.table = table(Map.of("order_id", "bigint", "_sluice_row_hash", "bigint"));
        assertThat(catalog.compareSchema(ORDERS).mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.MISSING_COLUMN, "amount", "decimal(19,4)", ""));

        glue.table = null;
        assertThat(catalog.compareSchema(ORDERS).mismatches()).extracting(SchemaMismatch::kind)
                .containsExactly(SchemaMismatch.Kind.TABLE_MISSING);
    }

    @Test
    void registeringAPartitionThatAlreadyExistsIsSuccessAndTheRequestDescribesParquet() {
        glue.partitionResponse = BatchCreatePartitionResponse.builder().errors(PartitionError.builder()
                .partitionValues("2026-11-22", "r1").errorDetail(ErrorDetail.builder()
                        .errorCode("AlreadyExistsException").errorMessage("Partition already exists.").build())
                .build()).build();

        catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"),
                "s3://lake/raw/erp/sales.orders/ingest_date=2026-11-22/run_id=r1/",
                List.of(new CatalogColumn("order_id", "bigint")));

        BatchCreatePartitionRequest request = glue.partitionRequest;
        assertThat(request.databaseName()).isEqualTo("lake_raw");
        assertThat(request.tableName()).isEqualTo("sales_orders");
        assertThat(request.partitionInputList()).singleElement().satisfies(p -> {
            assertThat(p.values()).containsExactly("2026-11-22", "r1");
            assertThat(p.storageDescriptor().location())
                    .isEqualTo("s3://lake/raw/erp/sales.orders/ingest_date=2026-11-22/run_id=r1/");
            assertThat(p.storageDescriptor().serdeInfo().serializationLibrary())
                    .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
            assertThat(p.storageDescriptor().columns()).extracting(Column::name, Column::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("order_id", "bigint"));
        });
    }

    @Test
    void anotherPartitionErrorIsAPermanentFailureNamingThePartition() {
        glue.partitionResponse = BatchCreatePartitionResponse.builder().errors(PartitionError.builder()
                .partitionValues("2026-11-22", "r1").errorDetail(ErrorDetail.builder()
                        .errorCode("EntityNotFoundException").errorMessage("Table not found").build())
                .build()).build();

        assertThatThrownBy(() -> catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"),
                "s3://lake/p/", List.of(new CatalogColumn("order_id", "bigint"))))
                .isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("partition [2026-11-22, r1] of lake_raw.sales_orders")
                .hasMessageContaining("EntityNotFoundException: Table not found");
    }
}
