package dev.sluice.lambda.aws;

import static dev.sluice.lambda.aws.GlueServer.JSON;
import static dev.sluice.lambda.aws.GlueServer.error;
import static dev.sluice.lambda.aws.GlueServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CatalogTransientException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaMismatch;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@link GlueCatalog} over {@link GlueApi} against an in-process Glue endpoint: the exact JSON 1.1 requests, their
 * target and signature headers, Glue's response shapes and error documents, and how each maps to the catalog port.
 */
class GlueCatalogTest {

    private static final String CRAWLER = "sluice-dev-sales-orders";
    /** Glue sends timestamps as epoch seconds with a fraction. */
    private static final String YESTERDAY_JSON = "1795226400.25";
    private static final Instant YESTERDAY = Instant.parse("2026-11-21T02:00:00.250Z");
    private static final String TODAY_JSON = "1795312800.5";
    private static final Instant TODAY = Instant.parse("2026-11-22T02:00:00.500Z");

    private final GlueServer glue;
    private final GlueCatalog catalog;

    GlueCatalogTest() throws IOException {
        glue = new GlueServer();
        catalog = new GlueCatalog(glue.api);
    }

    @AfterEach
    void close() {
        glue.close();
    }

    private static GlueServer.Response crawler(String state, String lastStatus, String lastStart, String error) {
        ObjectNode crawler = JSON.createObjectNode().put("Name", CRAWLER).put("State", state)
                .put("Role", "arn:aws:iam::123456789012:role/sluice-crawler").put("DatabaseName", "lake_raw");
        if (lastStatus != null) {
            ObjectNode last = crawler.putObject("LastCrawl").put("Status", lastStatus)
                    .put("LogGroup", "/aws-glue/crawlers").put("LogStream", CRAWLER)
                    .put("MessagePrefix", "b6c2d0e4");
            last.set("StartTime", JSON.getNodeFactory().numberNode(new java.math.BigDecimal(lastStart)));
            if (error != null) {
                last.put("ErrorMessage", error);
            }
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("Crawler", crawler);
        return ok(response.toString());
    }

    private void crawlerIs(String state, String lastStatus, String lastStart, String error) {
        GlueServer.Response response = crawler(state, lastStatus, lastStart, error);
        glue.answer("GetCrawler", body -> response);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void requestsAreSignedJson11PostsWithTheOperationAsTarget() {
        crawlerIs("READY", "SUCCEEDED", YESTERDAY_JSON, null);
        glue.answer("StartCrawler", body -> ok("{}"));

        catalog.startCrawl(CRAWLER);

        GlueServer.Request get = glue.requests("GetCrawler").getFirst();
        assertThat(get.body()).isEqualTo(json("{\"Name\":\"" + CRAWLER + "\"}"));
        assertThat(get.contentType()).isEqualTo("application/x-amz-json-1.1");
        assertThat(get.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/glue/aws4_request")
                .contains("SignedHeaders=").contains("x-amz-target").contains("Signature=");
        assertThat(get.amzDate()).matches("\\d{8}T\\d{6}Z");
        assertThat(glue.requests("StartCrawler")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo(json("{\"Name\":\"" + CRAWLER + "\"}")));
    }

    @Test
    void theRegionalEndpointIsUsedWithoutAnOverride() {
        GlueApi regional = new GlueApi(glue.http(), Region.EU_WEST_1, null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")));
        assertThat(regional.endpoint()).isEqualTo(URI.create("https://glue.eu-west-1.amazonaws.com"));
        assertThat(new GlueApi(glue.http(), Region.CN_NORTH_1, null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x"))).endpoint())
                .isEqualTo(URI.create("https://glue.cn-north-1.amazonaws.com.cn"));
    }

    @Test
    void aCrawlerThatIsAlreadyRunningCountsAsStartedAndIsWaitedFor() {
        crawlerIs("RUNNING", "SUCCEEDED", YESTERDAY_JSON, null);
        glue.answer("StartCrawler", body -> error(400, "com.amazonaws.glue#CrawlerRunningException",
                "Crawler with name " + CRAWLER + " has already started"));

        CrawlTicket ticket = catalog.startCrawl(CRAWLER);

        assertThat(glue.requests("StartCrawler")).hasSize(1);
        assertThat(ticket).isEqualTo(new CrawlTicket(CRAWLER, YESTERDAY));
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.RUNNING);

        crawlerIs("READY", "SUCCEEDED", TODAY_JSON, null);
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.READY);
    }

    @Test
    void readyWithThePreviousCrawlsOutcomeIsStillWaitingForOurs() {
        crawlerIs("READY", "FAILED", YESTERDAY_JSON, "old failure");
        glue.answer("StartCrawler", body -> ok("{}"));
        CrawlTicket ticket = catalog.startCrawl(CRAWLER);

        CrawlStatus status = catalog.checkCrawl(ticket);

        assertThat(status.state()).isEqualTo(CrawlStatus.State.RUNNING);
        assertThat(status.message()).doesNotContain("old failure");
    }

    @Test
    void startingAStoppingCrawlerIsATransientFailureSoTheStartIsRetried() {
        crawlerIs("STOPPING", "SUCCEEDED", YESTERDAY_JSON, null);

        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogTransientException.class)
                .hasMessageContaining("crawler " + CRAWLER + " is stopping");
        assertThat(glue.requests("StartCrawler")).isEmpty();
    }

    @Test
    void stoppingIsStillRunning() {
        crawlerIs("STOPPING", "SUCCEEDED", TODAY_JSON, null);

        CrawlStatus status = catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY));

        assertThat(status.state()).isEqualTo(CrawlStatus.State.RUNNING);
        assertThat(status.message()).isEqualTo("crawler " + CRAWLER + " is STOPPING");
    }

    @Test
    void aFailedCrawlIsFailedWithTheCrawlersMessage() {
        crawlerIs("READY", "FAILED", TODAY_JSON,
                "Insufficient Lake Formation permission(s) on s3://lake/raw/erp/sales.orders/");

        CrawlStatus status = catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY));

        assertThat(status.state()).isEqualTo(CrawlStatus.State.FAILED);
        assertThat(status.message()).contains("crawler " + CRAWLER + " last crawl FAILED: Insufficient Lake"
                + " Formation permission(s) on s3://lake/raw/erp/sales.orders/")
                .contains("(logs: /aws-glue/crawlers " + CRAWLER + ")");
    }

    @Test
    void aCancelledCrawlIsFailed() {
        crawlerIs("READY", "CANCELLED", TODAY_JSON, null);

        CrawlStatus status = catalog.checkCrawl(new CrawlTicket(CRAWLER, YESTERDAY));

        assertThat(status.state()).isEqualTo(CrawlStatus.State.FAILED);
        assertThat(status.message()).contains("last crawl CANCELLED: (no error message)");
    }

    @Test
    void aFirstEverCrawlThatSucceededIsReady() {
        crawlerIs("READY", null, null, null);
        glue.answer("StartCrawler", body -> ok("{}"));
        CrawlTicket ticket = catalog.startCrawl(CRAWLER);
        assertThat(ticket.previousCrawlStart()).isNull();
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.RUNNING);

        crawlerIs("READY", "SUCCEEDED", TODAY_JSON, null);
        assertThat(catalog.checkCrawl(ticket).state()).isEqualTo(CrawlStatus.State.READY);
    }

    @Test
    void throttlingIsRetriedOnceInTheClientAndThenATransientFailure() {
        crawlerIs("READY", "SUCCEEDED", YESTERDAY_JSON, null);
        glue.answerNext("StartCrawler", error(400, "ThrottlingException", "Rate exceeded"));
        glue.answer("StartCrawler", body -> ok("{}"));

        catalog.startCrawl(CRAWLER);
        assertThat(glue.requests("StartCrawler")).hasSize(2);

        glue.answer("StartCrawler", body -> error(400, "ThrottlingException", "Rate exceeded"));
        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogTransientException.class)
                .hasMessageContaining("start crawler " + CRAWLER)
                .hasMessageContaining("ThrottlingException: Rate exceeded");
        assertThat(glue.requests("StartCrawler")).hasSize(4);
    }

    @Test
    void serviceErrorsAndBrokenConnectionsAreTransient() throws IOException {
        glue.answer("GetCrawler", body -> error(400, "InternalServiceException", "Internal service error"));
        assertThatThrownBy(() -> catalog.checkCrawl(new CrawlTicket(CRAWLER, null)))
                .isInstanceOf(CatalogTransientException.class).hasMessageContaining("read crawler " + CRAWLER);

        glue.answer("GetCrawler", body -> error(400, "OperationTimeoutException", "timed out"));
        assertThatThrownBy(() -> catalog.checkCrawl(new CrawlTicket(CRAWLER, null)))
                .isInstanceOf(CatalogTransientException.class);

        glue.answer("GetCrawler", body -> new GlueServer.Response(503, ""));
        assertThatThrownBy(() -> catalog.checkCrawl(new CrawlTicket(CRAWLER, null)))
                .isInstanceOf(CatalogTransientException.class).hasMessageContaining("HTTP503");
        assertThat(glue.requests("GetCrawler")).hasSize(6);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        GlueCatalog unreachable = new GlueCatalog(new GlueApi(glue.http(), Region.EU_WEST_1,
                URI.create("http://127.0.0.1:" + closedPort),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                Duration.ofMillis(1)));
        assertThatThrownBy(() -> unreachable.checkCrawl(new CrawlTicket(CRAWLER, null)))
                .isInstanceOf(CatalogTransientException.class).hasMessageContaining("IOException");
    }

    @Test
    void aMissingCrawlerAccessDeniedAndInvalidInputArePermanentAndNotRetried() {
        glue.answer("GetCrawler", body -> error(400, "EntityNotFoundException",
                "Crawler entry with name " + CRAWLER + " does not exist"));
        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("crawler " + CRAWLER + " does not exist: deploy");

        glue.answer("GetCrawler", body -> error(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/x is not authorized to perform: glue:GetCrawler"));
        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("AccessDeniedException: User: arn:aws:sts")
                .hasMessageContaining("Lambda role's glue permissions");

        glue.answer("GetCrawler", body -> error(400, "InvalidInputException", "Name is invalid"));
        assertThatThrownBy(() -> catalog.startCrawl(CRAWLER)).isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("InvalidInputException: Name is invalid");
        assertThat(glue.requests("GetCrawler")).hasSize(3);
        assertThat(glue.requests("StartCrawler")).isEmpty();
    }

    private static final ExpectedTable ORDERS = new ExpectedTable("lake_raw", "sales_orders", List.of(
            new CatalogColumn("order_id", "bigint"), new CatalogColumn("amount", "decimal(19,4)"),
            new CatalogColumn("_sluice_row_hash", "bigint")), ExpectedTable.LAKE_PARTITION_KEYS);

    /** A GetTable response as Glue shapes it (StorageDescriptor.Columns, PartitionKeys). */
    private static GlueServer.Response table(Map<String, String> columns) {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode table = response.putObject("Table").put("Name", "sales_orders").put("DatabaseName", "lake_raw")
                .put("TableType", "EXTERNAL_TABLE");
        ObjectNode sd = table.putObject("StorageDescriptor")
                .put("Location", "s3://lake/raw/erp/sales.orders/")
                .put("InputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        columns.forEach((name, type) -> sd.withArray("Columns").addObject().put("Name", name).put("Type", type));
        table.putArray("PartitionKeys").addObject().put("Name", "ingest_date").put("Type", "string");
        table.withArray("PartitionKeys").addObject().put("Name", "run_id").put("Type", "string");
        return ok(response.toString());
    }

    private void tablePages(List<List<String>> pages) {
        glue.answer("GetTables", body -> {
            int page = body.has("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
            ObjectNode response = JSON.createObjectNode();
            pages.get(page).forEach(n -> response.withArray("TableList").addObject().put("Name", n)
                    .put("DatabaseName", "lake_raw"));
            if (page + 1 < pages.size()) {
                response.put("NextToken", Integer.toString(page + 1));
            }
            return ok(response.toString());
        });
    }

    @Test
    void aCrawledTypeThatDiffersIsAFailureNamingTheColumn() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("order_id", "bigint");
        columns.put("amount", "double");
        columns.put("_sluice_row_hash", "bigint");
        GlueServer.Response table = table(columns);
        glue.answer("GetTable", body -> table);
        tablePages(List.of(List.of("sales_orders")));

        SchemaCheck check = catalog.compareSchema(ORDERS);

        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.TYPE_DIFFERS, "amount", "decimal(19,4)", "double"));
        assertThat(glue.requests("GetTable")).singleElement().satisfies(r -> assertThat(r.body())
                .isEqualTo(json("{\"DatabaseName\":\"lake_raw\",\"Name\":\"sales_orders\"}")));
        assertThat(glue.requests("GetTables")).singleElement().satisfies(r -> assertThat(r.body())
                .isEqualTo(json("{\"DatabaseName\":\"lake_raw\",\"Expression\":\"sales_orders.*\"}")));
    }

    @Test
    void aSplitTableIsFoundOnAnyPageOfGetTables() {
        GlueServer.Response table = table(Map.of("order_id", "bigint", "amount", "decimal(19,4)",
                "_sluice_row_hash", "bigint"));
        glue.answer("GetTable", body -> table);
        tablePages(List.of(List.of("sales_orders"), List.of("sales_orders_run_id_20261122a")));

        SchemaCheck check = catalog.compareSchema(ORDERS);

        assertThat(glue.requests("GetTables")).extracting(GlueServer.Request::body).containsExactly(
                json("{\"DatabaseName\":\"lake_raw\",\"Expression\":\"sales_orders.*\"}"),
                json("{\"DatabaseName\":\"lake_raw\",\"Expression\":\"sales_orders.*\",\"NextToken\":\"1\"}"));
        assertThat(check.mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.SPLIT_TABLE, "sales_orders_run_id_20261122a", "", ""));
    }

    @Test
    void aMissingColumnAndAMissingTableAreFailures() {
        GlueServer.Response table = table(Map.of("order_id", "bigint", "_sluice_row_hash", "bigint"));
        glue.answer("GetTable", body -> table);
        tablePages(List.of(List.of("sales_orders")));
        assertThat(catalog.compareSchema(ORDERS).mismatches()).containsExactly(
                new SchemaMismatch(SchemaMismatch.Kind.MISSING_COLUMN, "amount", "decimal(19,4)", ""));

        glue.answer("GetTable", body -> error(400, "EntityNotFoundException", "Table sales_orders not found."));
        tablePages(List.of(List.of()));
        assertThat(catalog.compareSchema(ORDERS).mismatches()).extracting(SchemaMismatch::kind)
                .containsExactly(SchemaMismatch.Kind.TABLE_MISSING);
    }

    @Test
    void registeringAPartitionThatAlreadyExistsIsSuccessAndTheRequestDescribesParquet() {
        glue.answer("BatchCreatePartition", body -> ok("{\"Errors\":[{\"PartitionValues\":[\"2026-11-22\",\"r1\"],"
                + "\"ErrorDetail\":{\"ErrorCode\":\"AlreadyExistsException\","
                + "\"ErrorMessage\":\"Partition already exists.\"}}]}"));

        catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"),
                "s3://lake/raw/erp/sales.orders/ingest_date=2026-11-22/run_id=r1/",
                List.of(new CatalogColumn("order_id", "bigint"), new CatalogColumn("amount", "decimal(19,4)")));

        assertThat(glue.requests("BatchCreatePartition")).singleElement().satisfies(r -> assertThat(r.body())
                .isEqualTo(json("""
                        {"DatabaseName":"lake_raw","TableName":"sales_orders","PartitionInputList":[{
                          "Values":["2026-11-22","r1"],
                          "StorageDescriptor":{
                            "Columns":[{"Name":"order_id","Type":"bigint"},{"Name":"amount","Type":"decimal(19,4)"}],
                            "Location":"s3://lake/raw/erp/sales.orders/ingest_date=2026-11-22/run_id=r1/",
                            "InputFormat":"org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                            "OutputFormat":"org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                            "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}}}]}
                        """)));
    }

    @Test
    void noErrorsIsSuccess() {
        glue.answer("BatchCreatePartition", body -> ok("{}"));

        catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"), "s3://lake/p/",
                List.of(new CatalogColumn("order_id", "bigint")));

        assertThat(glue.requests("BatchCreatePartition")).hasSize(1);
    }

    @Test
    void anotherPartitionErrorIsAPermanentFailureNamingThePartition() {
        glue.answer("BatchCreatePartition", body -> ok("{\"Errors\":[{\"PartitionValues\":[\"2026-11-22\",\"r1\"],"
                + "\"ErrorDetail\":{\"ErrorCode\":\"EntityNotFoundException\",\"ErrorMessage\":\"Table not found\"}}]}"));

        assertThatThrownBy(() -> catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"),
                "s3://lake/p/", List.of(new CatalogColumn("order_id", "bigint"))))
                .isInstanceOf(CatalogPermanentException.class)
                .hasMessageContaining("partition [2026-11-22, r1] of lake_raw.sales_orders")
                .hasMessageContaining("EntityNotFoundException: Table not found");
    }

    @Test
    void aThrottledPartitionIsATransientFailure() {
        glue.answer("BatchCreatePartition", body -> ok("{\"Errors\":[{\"PartitionValues\":[\"2026-11-22\",\"r1\"],"
                + "\"ErrorDetail\":{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"}}]}"));

        assertThatThrownBy(() -> catalog.registerPartition("lake_raw", "sales_orders", List.of("2026-11-22", "r1"),
                "s3://lake/p/", List.of(new CatalogColumn("order_id", "bigint"))))
                .isInstanceOf(CatalogTransientException.class)
                .hasMessageContaining("ThrottlingException: Rate exceeded");
    }

    @Test
    void errorTypesLoseTheirNamespace() {
        assertThat(GlueApi.errorType("com.amazonaws.glue#CrawlerRunningException", 400))
                .isEqualTo("CrawlerRunningException");
        assertThat(GlueApi.errorType("EntityNotFoundException:http://internal.amazon.com/coral/com.amazonaws.glue/",
                400)).isEqualTo("EntityNotFoundException");
        assertThat(GlueApi.errorType(null, 502)).isEqualTo("HTTP502");
    }
}
