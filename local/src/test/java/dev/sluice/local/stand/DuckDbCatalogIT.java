package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CatalogPermanentException;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.catalog.SchemaCheck;
import dev.sluice.core.catalog.SchemaMismatch;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.local.stand.LocalCatalogNames.CrawlTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB catalog over the local lake: crawls as views over the runs' Parquet, schema checks, partitions. */
class DuckDbCatalogIT {

    private static final String DATABASE = "sluice_demo";
    private static final String CRAWLER = "sluice-demo-demo-sales-orders";
    private static final String TABLE = "demo_sales_orders";
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final List<CatalogColumn> COLUMNS = List.of(new CatalogColumn("id", "bigint"),
            new CatalogColumn("amount", "decimal(12,2)"), new CatalogColumn("updated_at", "timestamp"),
            new CatalogColumn("_sluice_row_hash", "bigint"));

    /** One proxy for the class (starting S3Proxy takes seconds); each test has its own source prefix. */
    @TempDir
    static Path lakeDirectory;
    static LocalLake lake;

    @TempDir
    Path directory;
    String prefix;
    DuckDbFile file;
    DuckDbCatalog catalog;

    @BeforeAll
    static void startLake() {
        lake = LocalLake.start(lakeDirectory, "sluice-demo-lake");
    }

    @AfterAll
    static void stopLake() {
        lake.close();
    }

    @BeforeEach
    void open() {
        prefix = "raw/demo" + TESTS.incrementAndGet() + "/sales.orders/";
        file = DuckDbFile.open(directory.resolve("catalog.duckdb"));
        catalog = new DuckDbCatalog(file, lake, DATABASE, Map.of(CRAWLER, new CrawlTarget(TABLE, prefix),
                "sluice-demo-demo-sales-empty", new CrawlTarget("demo_sales_empty", "raw/demo/sales.empty/")),
                Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        file.close();
    }

    /** One chunk file of a run, written as Parquet by DuckDB and put into the lake through the S3 adapter. */
    private void putRun(String ingestDate, String runId, int firstId, int rows) throws Exception {
        Path parquet = directory.resolve("chunk-" + runId + ".parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT CAST(i AS BIGINT) AS id, CAST(i * 1.25 AS DECIMAL(12,2)) AS amount,"
                    + " TIMESTAMP '2026-11-20 00:00:00' + to_seconds(i) AS updated_at,"
                    + " CAST(i * 7919 AS BIGINT) AS _sluice_row_hash FROM range(" + firstId + ", "
                    + (firstId + rows) + ") t(i)) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        lake.objectStore().putIfAbsent(prefix + "ingest_date=" + ingestDate + "/run_id=" + runId + "/part-c0.parquet",
                Files.readAllBytes(parquet), "application/octet-stream");
    }

    @Test
    void aCrawlRegistersAViewOverEveryRunWithIngestDateAndRunIdAsStringColumns() throws Exception {
        putRun("2026-11-20", "r1", 0, 3);
        CrawlTicket first = catalog.startCrawl(CRAWLER);
        assertThat(first.previousCrawlStart()).isNull();
        assertThat(catalog.checkCrawl(first).state()).isEqualTo(CrawlStatus.State.READY);

        putRun("2026-11-21", "r2", 3, 2);
        CrawlTicket second = catalog.startCrawl(CRAWLER);
        assertThat(second.previousCrawlStart()).isEqualTo(Instant.parse("2026-11-22T05:00:00Z"));
        assertThat(catalog.checkCrawl(second).state()).isEqualTo(CrawlStatus.State.READY);

        DuckDbQueryEngine queries = new DuckDbQueryEngine(file);
        String id = queries.start(new QueryRequest("r2", "per-run", "SELECT ingest_date, run_id, count(*) AS n,"
                + " sum(amount) AS total FROM \"sluice_demo\".\"demo_sales_orders\" GROUP BY ALL ORDER BY run_id",
                "local", DATABASE));
        assertThat(queries.check(id).state()).isEqualTo(QueryStatus.State.SUCCEEDED);
        assertThat(queries.results(id).rows()).containsExactly(List.of("2026-11-20", "r1", "3", "3.75"),
                List.of("2026-11-21", "r2", "2", "8.75"));
        assertThat(queries.results(id).columns().get(0).type()).isEqualTo("varchar");

        SchemaCheck check = catalog.compareSchema(new ExpectedTable(DATABASE, TABLE, COLUMNS,
                ExpectedTable.LAKE_PARTITION_KEYS));
        assertThat(check.mismatches()).isEmpty();
    }

    @Test
    void theSchemaComparisonNamesTheColumnThatDiffers() throws Exception {
        putRun("2026-11-20", "r1", 0, 3);
        catalog.startCrawl(CRAWLER);
        List<CatalogColumn> expected = List.of(new CatalogColumn("id", "bigint"),
                new CatalogColumn("amount", "decimal(19,4)"), new CatalogColumn("updated_at", "timestamp"),
                new CatalogColumn("customer_id", "int"), new CatalogColumn("_sluice_row_hash", "bigint"));
        SchemaCheck check = catalog.compareSchema(new ExpectedTable(DATABASE, TABLE, expected,
                ExpectedTable.LAKE_PARTITION_KEYS));
        assertThat(check.mismatches()).containsExactlyInAnyOrder(
                new SchemaMismatch(SchemaMismatch.Kind.TYPE_DIFFERS, "amount", "decimal(19,4)", "decimal(12,2)"),
                new SchemaMismatch(SchemaMismatch.Kind.MISSING_COLUMN, "customer_id", "int", ""));
        assertThatThrownBy(check::requireMatch).hasMessageContaining("column amount is decimal(12,2)");

        SchemaCheck absent = catalog.compareSchema(new ExpectedTable(DATABASE, "demo_sales_other", COLUMNS,
                ExpectedTable.LAKE_PARTITION_KEYS));
        assertThat(absent.mismatches()).extracting(SchemaMismatch::kind)
                .containsExactly(SchemaMismatch.Kind.TABLE_MISSING);
    }

    @Test
    void aCrawlOfAPrefixWithoutParquetFailsWithAMessageAndAnUnknownCrawlerIsRefused() {
        CrawlTicket ticket = catalog.startCrawl("sluice-demo-demo-sales-empty");
        CrawlStatus status = catalog.checkCrawl(ticket);
        assertThat(status.state()).isEqualTo(CrawlStatus.State.FAILED);
        assertThat(status.message()).contains("no Parquet file under s3://sluice-demo-lake/raw/demo/sales.empty/");
        assertThatThrownBy(() -> catalog.startCrawl("sluice-demo-demo-sales-nothing"))
                .isInstanceOf(CatalogPermanentException.class).hasMessageContaining("does not exist")
                .hasMessageContaining(CRAWLER);
    }

    @Test
    void aCrawlStartedByAnotherProcessIsRunWhenChecked() throws Exception {
        putRun("2026-11-20", "r1", 0, 3);
        CrawlTicket fromEarlierProcess = new CrawlTicket(CRAWLER, Instant.parse("2026-11-22T04:00:00Z"));
        assertThat(catalog.checkCrawl(fromEarlierProcess).state()).isEqualTo(CrawlStatus.State.READY);
        assertThat(catalog.compareSchema(new ExpectedTable(DATABASE, TABLE, COLUMNS,
                ExpectedTable.LAKE_PARTITION_KEYS)).matches()).isTrue();
    }

    @Test
    void registeringAPartitionTwiceRecordsItOnceAndCreatesTheView() throws Exception {
        putRun("2026-11-20", "r1", 0, 3);
        String location = "s3://sluice-demo-lake/" + prefix + "ingest_date=2026-11-20/run_id=r1/";
        catalog.registerPartition(DATABASE, TABLE, List.of("2026-11-20", "r1"), location, COLUMNS);
        catalog.registerPartition(DATABASE, TABLE, List.of("2026-11-20", "r1"), location, COLUMNS);
        assertThat(catalog.registeredPartitions(DATABASE, TABLE)).containsExactly("2026-11-20/r1");
        assertThat(catalog.compareSchema(new ExpectedTable(DATABASE, TABLE, COLUMNS,
                ExpectedTable.LAKE_PARTITION_KEYS)).matches()).isTrue();

        assertThatThrownBy(() -> catalog.registerPartition(DATABASE, TABLE, List.of("2026-11-21", "r1"), location,
                COLUMNS)).isInstanceOf(CatalogPermanentException.class).hasMessageContaining("do not match");
        assertThatThrownBy(() -> catalog.registerPartition(DATABASE, TABLE, List.of("2026-11-22", "r9"),
                "s3://sluice-demo-lake/" + prefix + "ingest_date=2026-11-22/run_id=r9/", COLUMNS))
                .isInstanceOf(CatalogPermanentException.class).hasMessageContaining("holds no Parquet");
    }

    @Test
    void duckDbTypesMapToTheGlueTypesOfTheTypeMapping() {
        assertThat(DuckDbCatalog.glueType("DECIMAL(19,4)")).isEqualTo("decimal(19,4)");
        assertThat(DuckDbCatalog.glueType("INTEGER")).isEqualTo("int");
        assertThat(DuckDbCatalog.glueType("UTINYINT")).isEqualTo("smallint");
        assertThat(DuckDbCatalog.glueType("TIMESTAMP WITH TIME ZONE")).isEqualTo("timestamp");
        assertThat(DuckDbCatalog.glueType("TIME")).isEqualTo("bigint");
        assertThat(DuckDbCatalog.glueType("VARCHAR")).isEqualTo("string");
        assertThat(DuckDbCatalog.glueType("BLOB")).isEqualTo("binary");
        assertThat(DuckDbCatalog.glueType("FLOAT")).isEqualTo("float");
    }
}
