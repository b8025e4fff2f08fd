package dev.sluice.local.stand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.CredentialsConfig;
import dev.sluice.core.config.TlsMode;
import dev.sluice.local.cli.CliEnvironment;
import dev.sluice.local.cli.SourceSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import dev.sluice.core.config.EnvironmentConfig;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.chunk.ChunkAssignment;
import dev.sluice.core.extract.chunk.ExtractChunk;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadPlan;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.load.RedshiftLoadSql;
import dev.sluice.core.pipeline.Notification;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresDialect;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.validate.ChunkMeasures;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.validate.Reconciliation;
import dev.sluice.core.validate.RunRelation;
import dev.sluice.core.validate.ValidatedColumn;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationSql;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run of one table through local mode's context: embedded PostgreSQL extracted by the core ExtractChunk into
 * the local lake, crawled into a DuckDB view, validated by the DuckDB query engine and reconciled with the chunk
 * manifests, then loaded into the DuckDB warehouse with append and merge, each twice.
 */
class LocalPipelineIT {

    private static final LocalDate INGEST = LocalDate.parse("2026-11-22");
    private static final Instant RUN_INSTANT = Instant.parse("2026-11-22T01:02:03Z");
    private static final String TABLE = "shop.orders";
    private static final int ROWS = 250;

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;
    static List<ColumnMapping> mappings;
    static PlannedSchema schema;

    @TempDir
    Path workingDirectory;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("shop", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL,"
                        + " amount numeric(12,2), placed_at timestamp NOT NULL)",
                "INSERT INTO shop.orders SELECT g, 'customer ' || (g % 17), CASE WHEN g % 10 = 0 THEN NULL"
                        + " ELSE g * 1.25 END, TIMESTAMP '2026-11-01 00:00:00' + g * INTERVAL '1 minute 0.5 second'"
                        + " FROM generate_series(1, " + ROWS + ") g",
                "ANALYZE shop.orders");
        JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(), pg.dataSource()::getConnection);
        SourceTable described = jdbc.describe(TableRef.parse(TABLE));
        TypeMapping mapping = TypeMapping.of(source.engine());
        mappings = described.columns().stream().map(c -> mapping.map(c, null)).toList();
        schema = PlannedSchema.of(mappings);
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static TableConfig table(TargetConfig.Mode mode, String target) {
        return new TableConfig("shop", TABLE, List.of("id"), null, null, new ChunkBounds(100, 1L << 30), null,
                new TargetConfig("analytics", target, mode, null, List.of()), null, null, SchemaPolicy.FAIL, null);
    }

    private static SluiceConfig config() {
        return new SluiceConfig(new EnvironmentConfig("it", "000000000000", "eu-west-1"), List.of(source),
                new LakeConfig("sluice-it-lake", null, null, null, LakeConfig.Codec.ZSTD, null),
                new WarehouseConfig("local", null, "analytics", null, null, null, "sluice"), null,
                List.of(table(TargetConfig.Mode.APPEND, "orders")));
    }

    @Test
    void aRunExtractedIntoTheLocalLakeIsCrawledValidatedAndLoadedOnce() throws Exception {
        SluiceConfig config = config();
        TableConfig appendTable = config.tables().getFirst();
        try (LocalPipeline pipeline = LocalPipeline.open(config, workingDirectory,
                s -> pg.dataSource()::getConnection)) {
            PipelineContext context = pipeline.context();
            assertThat(context.settings().catalogDatabase()).isEqualTo("sluice_it");
            assertThat(context.settings().queryDialect()).isEqualTo(QueryDialect.DUCKDB);
            assertThat(context.warehouse()).isPresent();

            // Extract: the plan's chunks through the S3 adapter into .sluice/lake
            JdbcSource jdbc = new JdbcSource(source, new PostgresDialect(),
                    context.sources().of(source));
            ChunkPlan plan = new RunPlanner(jdbc, jdbc, jdbc).plan(appendTable, IsolationLevel.READ_COMMITTED,
                    Optional.empty(), schema.fingerprint());
            ExtractChunk extract = new ExtractChunk(context.sources().of(source), context.lake(), context.layout(),
                    ChunkWriterSettings.defaults(LakeConfig.Codec.ZSTD), LakeOutputFile.MIN_PART_SIZE);
            List<ChunkManifest> manifests = new ArrayList<>();
            for (int i = 0; i < plan.chunks().size(); i++) {
                manifests.add(extract.extract(new ChunkAssignment(source, appendTable, plan, i, INGEST, schema,
                        RUN_INSTANT)).manifest());
            }
            assertThat(manifests.stream().mapToLong(ChunkManifest::rowCount).sum()).isEqualTo(ROWS);
            assertThat(plan.chunks()).as("several chunk files in the run's partition").hasSizeGreaterThan(1);
            String runId = plan.runId();
            String runPrefix = context.layout().rawRunPrefix("shop", TableRef.parse(TABLE), INGEST, runId);
            try (var files = Files.list(pipeline.lake().fileOf(runPrefix))) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count())
                        .isEqualTo(plan.chunks().size());
            }

            // Catalog: the crawler named as in AWS registers the view; the schema is the type mapping's
            String crawler = LocalCatalogNames.crawlerName("it", appendTable);
            assertThat(crawler).isEqualTo("sluice-it-shop-shop-orders");
            CrawlStatus crawled = context.catalog().checkCrawl(context.catalog().startCrawl(crawler));
            assertThat(crawled.state()).as(crawled.message()).isEqualTo(CrawlStatus.State.READY);
            String catalogTable = LocalCatalogNames.catalogTableName(appendTable);
            ExpectedTable expected = ExpectedTable.fromMappings("sluice_it", catalogTable, mappings, List.of(
                    ExpectedTable.ROW_HASH, new CatalogColumn("_sluice_run_id", "string"),
                    new CatalogColumn("_sluice_chunk_id", "string"),
                    new CatalogColumn("_sluice_extracted_at", "timestamp")));
            assertThat(context.catalog().compareSchema(expected).mismatches()).isEmpty();

            // Validation: the chunk measures through the query engine reconcile with the manifests
            List<ValidatedColumn> columns = mappings.stream().flatMap(m -> m.lakeColumns().stream())
                    .map(ValidatedColumn::of).toList();
            String sql = ValidationSql.chunkMeasures(QueryDialect.DUCKDB,
                    new RunRelation("sluice_it", catalogTable, runId), List.of("id"), columns);
            String execution = context.queries().start(new QueryRequest(runId, "chunk-measures", sql,
                    context.settings().queryWorkgroup(), context.settings().catalogDatabase()));
            assertThat(context.queries().check(execution).state()).isEqualTo(QueryStatus.State.SUCCEEDED);
            ResultTable result = context.queries().results(execution);
            List<ChunkMeasures> measures = new ArrayList<>();
            for (List<String> row : result.rows()) {
                Map<String, Object> byLabel = new HashMap<>();
                for (int c = 0; c < row.size(); c++) {
                    byLabel.put(result.columns().get(c).name(), row.get(c));
                }
                measures.add(ChunkMeasures.fromRow(byLabel, QueryDialect.DUCKDB, List.of("id"), columns));
            }
            ValidationReport report = new Reconciliation(null, List.of("id"), columns)
                    .reconcile(TABLE, runId, manifests, measures);
            assertThat(measures).hasSize(plan.chunks().size());
            assertThat(report.failures()).isEmpty();
            assertThat(report.passed()).isTrue();
            assertThat(measures.stream().mapToLong(ChunkMeasures::rowCount).sum()).isEqualTo(ROWS);

            // Load: append and merge, each a second time as a new batch (a no-op by the ledger)
            LoadSource partition = context.settings().loadSource().apply(runPrefix);
            assertThat(partition).isEqualTo(new LoadSource.LocalParquet(pipeline.lake().fileOf(runPrefix)));
            for (TableConfig target : List.of(appendTable, table(TargetConfig.Mode.MERGE, "orders_merged"))) {
                LoadPlan load = new LoadPlan(target, mappings, runId, partition, "sluice", ROWS, Optional.empty());
                List<String> statements = RedshiftLoadSql.batch(load, LoadDialect.DUCKDB);
                String first = context.warehouse().orElseThrow().startBatch(
                        new StatementBatch(runId, "load", statements));
                StatementStatus status = context.warehouse().orElseThrow().check(first);
                assertThat(status.state()).as(status.error()).isEqualTo(StatementStatus.State.FINISHED);
                String again = context.warehouse().orElseThrow().startBatch(
                        new StatementBatch(runId, "load-redriven", statements));
                assertThat(again).isNotEqualTo(first);
                assertThat(context.warehouse().orElseThrow().check(again).state())
                        .isEqualTo(StatementStatus.State.FINISHED);
            }
            DuckDbFile warehouse = pipeline.warehouse().orElseThrow().database();
            for (String target : List.of("orders", "orders_merged")) {
                assertThat(longOf(warehouse, "SELECT count(*) FROM analytics." + target)).isEqualTo(ROWS);
                assertThat(longOf(warehouse, "SELECT count(DISTINCT id) FROM analytics." + target)).isEqualTo(ROWS);
                assertThat(longOf(warehouse, "SELECT CAST(sum(amount) * 100 AS BIGINT) FROM analytics." + target))
                        .isEqualTo(longOf(warehouse, "SELECT CAST(sum(CASE WHEN i % 10 = 0 THEN 0 ELSE i * 125 END)"
                                + " AS BIGINT) FROM range(1, " + (ROWS + 1) + ") t(i)"));
                assertThat(longOf(warehouse, "SELECT count(*) FROM sluice.sluice_load_ledger WHERE target_table = '"
                        + target + "' AND run_id = '" + runId + "'")).isEqualTo(1);
            }

            // Notifications go to the JSON-lines file under .sluice
            context.notifier().publish(new Notification("SUCCEEDED", "shop", TABLE, runId, null, null, null,
                    "sluice: shop.orders loaded", "run " + runId + " loaded " + ROWS + " rows"));
            assertThat(Files.readAllLines(workingDirectory.resolve(".sluice/notifications.jsonl")))
                    .singleElement().asString().contains(runId);
        }
    }

    @Test
    void theCliEnvironmentsLoginReachesTheSourceAndNoWarehouseSectionMeansNoWarehouse() throws Exception {
        SourceConfig withLogin = new SourceConfig("shop", source.engine(), "jdbc:postgresql://localhost:" + pg.port()
                + "/postgres", new CredentialsConfig(null, "SHOP_LOGIN"), null, 4, source.queryTimeout(),
                IsolationLevel.READ_COMMITTED, TlsMode.DISABLE, 1_000);
        SluiceConfig config = new SluiceConfig(new EnvironmentConfig("it-2", "000000000000", "eu-west-1"),
                List.of(withLogin), new LakeConfig("sluice-it-lake", null, null, null, LakeConfig.Codec.ZSTD, null),
                null, null, List.of(table(TargetConfig.Mode.APPEND, "orders")));
        CliEnvironment environment = new CliEnvironment(
                Map.of("SHOP_LOGIN", "{\"username\":\"postgres\",\"password\":\"unused\"}"), workingDirectory,
                false);
        try (SourceSessions sessions = new SourceSessions(config, environment, Optional.empty(),
                new PrintWriter(new StringWriter()));
                LocalPipeline pipeline = LocalPipeline.openIn(config, environment.stateDirectory(), sessions,
                        Clock.systemUTC())) {
            PipelineContext context = pipeline.context();
            assertThat(context.warehouse()).isEmpty();
            assertThat(context.settings().catalogDatabase()).isEqualTo("sluice_it_2");
            try (Connection connection = context.sources().of(withLogin).open();
                 Statement st = connection.createStatement();
                 ResultSet rows = st.executeQuery("SELECT current_user, count(*) FROM shop.orders")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("postgres");
                assertThat(rows.getLong(2)).isEqualTo(ROWS);
            }
            assertThat(pipeline.stateDirectory()).isEqualTo(workingDirectory.toAbsolutePath().resolve(".sluice"));
        }
        // closed: the proxy is stopped and the DuckDB file can be opened by another owner
        DuckDbFile.open(workingDirectory.resolve(".sluice/catalog.duckdb")).close();
    }

    private static long longOf(DuckDbFile file, String sql) throws Exception {
        return file.use(connection -> {
            try (Statement st = connection.createStatement(); ResultSet rows = st.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
