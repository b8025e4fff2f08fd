package dev.sluice.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.EnvironmentConfig;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.TargetConfig;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.failure.RunInProgressFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.local.runner.ExecutionResult;
import dev.sluice.local.runner.ExecutionStatus;
import dev.sluice.local.runner.LocalFunction;
import dev.sluice.local.runner.TaskInvocation;
import dev.sluice.local.stand.LocalPipeline;
import dev.sluice.local.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code migrate-table} state machine, end to end in local mode: embedded PostgreSQL as the source, the
 * S3Proxy lake, DuckDB catalog, validation and warehouse, every Task forwarded to the real Lambda handler of its step
 * by the aws-local-stepfunctions runner.
 */
class MigrateTableIT {

    private static final Path DEFINITION = RepositoryRoot.find().resolve(LocalMigration.STATE_MACHINE);

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @TempDir
    Path workingDirectory;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("shop", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer varchar(40) NOT NULL,"
                        + " amount numeric(12,2), updated_at timestamp NOT NULL)",
                "INSERT INTO shop.orders SELECT g, 'customer ' || (g % 17), CASE WHEN g % 10 = 0 THEN NULL"
                        + " ELSE g * 1.25 END, localtimestamp - INTERVAL '2 days' + g * INTERVAL '1 second'"
                        + " FROM generate_series(1, 600) g",
                "CREATE TABLE shop.products (id int PRIMARY KEY, name varchar(60) NOT NULL, price numeric(10,2))",
                "INSERT INTO shop.products SELECT g, 'product ' || g, g * 3.5 FROM generate_series(1, 40) g",
                "CREATE TABLE shop.events (id bigint PRIMARY KEY, kind varchar(20) NOT NULL, payload varchar(60))",
                "INSERT INTO shop.events SELECT g, 'kind-' || (g % 5), repeat('x', g % 50)"
                        + " FROM generate_series(1, 450) g",
                "ANALYZE");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static TableConfig table(String name, WatermarkConfig watermark, TargetConfig.Mode mode, String target) {
        return new TableConfig("shop", name, List.of("id"), watermark, null, new ChunkBounds(150, 1L << 30), null,
                new TargetConfig("analytics", target, mode, null, List.of()), null, null, SchemaPolicy.FAIL, null);
    }

    private static SluiceConfig config() {
        return new SluiceConfig(new EnvironmentConfig("it", "000000000000", "eu-west-1"), List.of(source),
                new LakeConfig("sluice-it-lake", null, null, null, LakeConfig.Codec.ZSTD, null),
                new WarehouseConfig("local", null, "analytics", null, null, null, "sluice"), null,
                List.of(table("shop.orders", new WatermarkConfig(WatermarkConfig.Type.TIMESTAMP, "updated_at",
                                Duration.ofMinutes(5), Duration.ofSeconds(1)), TargetConfig.Mode.MERGE, "orders"),
                        table("shop.products", new WatermarkConfig(WatermarkConfig.Type.FULL, null, null, null),
                                TargetConfig.Mode.REPLACE, "products"),
                        table("shop.events", new WatermarkConfig(WatermarkConfig.Type.KEY, "id", null, null),
                                TargetConfig.Mode.APPEND, "events")));
    }

    private LocalPipeline pipeline() {
        return LocalPipeline.open(config(), workingDirectory, s -> pg.dataSource()::getConnection);
    }

    private static RunRequest auto(String table) {
        return new RunRequest("shop", table, RunRequest.Mode.AUTO, null, null, null);
    }

    private static List<List<String>> sourceRows(String sql) throws Exception {
        try (Connection c = pg.dataSource().getConnection()) {
            return rows(c, sql);
        }
    }

    private List<List<String>> targetRows(String sql) throws Exception {
        Path file = workingDirectory.resolve(".sluice").resolve("warehouse.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            return rows(c, sql);
        }
    }

    private static List<List<String>> rows(Connection c, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long invocations(ExecutionResult result, String function) {
        return result.taskInvocations().stream().filter(t -> t.function().equals(function)).count();
    }

    private static void assertSucceeded(ExecutionResult result) {
        assertThat(result.status()).as(result.error() + ": " + result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    private static final String ORDERS = "SELECT id, customer, CAST(amount AS VARCHAR) FROM %s ORDER BY id";
    private static final String PRODUCTS = "SELECT id, name, CAST(price AS VARCHAR) FROM %s ORDER BY id";
    private static final String EVENTS = "SELECT id, kind, payload FROM %s ORDER BY id";

    @Test
    void backfillThenIncrementalAfterInsertsUpdatesAndDeletesLeavesTheTargetEqualToTheSource() throws Exception {
        try (LocalPipeline pipeline = pipeline(); LocalMigration migration = new LocalMigration(pipeline, DEFINITION)) {
            for (String table : List.of("shop.orders", "shop.products", "shop.events")) {
                ExecutionResult backfill = migration.run(auto(table));
                assertSucceeded(backfill);
                assertThat(backfill.enteredStates()).contains("Plan", "ExtractChunks", "SealRun", "CheckValidation",
                        "CheckLoad", "Commit", "NotifySuccess");
            }

            pg.execute("UPDATE shop.orders SET amount = amount + 1000, updated_at = localtimestamp - INTERVAL '5"
                            + " seconds' WHERE id % 50 = 0",
                    "INSERT INTO shop.orders SELECT g, 'late ' || g, g, localtimestamp - INTERVAL '5 seconds'"
                            + " FROM generate_series(601, 630) g",
                    "DELETE FROM shop.products WHERE id IN (3, 7)",
                    "UPDATE shop.products SET price = 99.99 WHERE id = 10",
                    "INSERT INTO shop.products VALUES (41, 'product 41', 1.00)",
                    "INSERT INTO shop.events SELECT g, 'kind-new', 'p' FROM generate_series(451, 470) g");

            for (String table : List.of("shop.orders", "shop.products", "shop.events")) {
                assertSucceeded(migration.run(auto(table)));
            }
            ExecutionResult nothing = migration.run(auto("shop.events"));
            assertSucceeded(nothing);
            assertThat(nothing.enteredStates()).contains("NothingNew").doesNotContain("ExtractChunks", "StartLoad");
            assertThat(invocations(nothing, "ExtractChunk")).isZero();

            PipelineContext context = pipeline.context();
            JsonNode watermark = new WatermarkStore(context.lake(), context.layout())
                    .read("shop", TableRef.parse("shop.events")).orElseThrow().body();
            assertThat(watermark.toString()).contains("470");
        }
        assertThat(targetRows(ORDERS.formatted("analytics.orders")))
                .isEqualTo(sourceRows(ORDERS.formatted("shop.orders"))).hasSize(630);
        assertThat(targetRows(PRODUCTS.formatted("analytics.products")))
                .isEqualTo(sourceRows(PRODUCTS.formatted("shop.products"))).hasSize(39);
        assertThat(targetRows(EVENTS.formatted("analytics.events")))
                .isEqualTo(sourceRows(EVENTS.formatted("shop.events"))).hasSize(470);
    }

    /** Fails ExtractChunk of chunk 1 while {@code failing} is set, with {@code failure}. */
    private static BiFunction<StepName, LocalFunction, LocalFunction> faultOnChunk1(AtomicBoolean failing,
            AtomicInteger thrown, RuntimeException failure) {
        return (step, function) -> step != StepName.EXTRACT_CHUNK ? function : input -> {
            if (failing.get() && LakeJson.mapper().readTree(input).path("chunkIndex").asInt() == 1) {
                thrown.incrementAndGet();
                throw failure;
            }
            return function.invoke(input);
        };
    }

    @Test
    void aTransientFaultInOneChunkIsRetriedAndTheRunSucceedsWithoutDuplicates() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger thrown = new AtomicInteger();
        BiFunction<StepName, LocalFunction, LocalFunction> once = (step, function) -> {
            LocalFunction faulty = faultOnChunk1(failing, thrown,
                    new TransientFailure("connection reset reading chunk 1")).apply(step, function);
            return input -> {
                try {
                    return faulty.invoke(input);
                } finally {
                    failing.set(thrown.get() == 0);
                }
            };
        };
        try (LocalPipeline pipeline = pipeline();
             LocalMigration migration = new LocalMigration(pipeline, DEFINITION, once)) {
            ExecutionResult result = migration.run(auto("shop.events"));
            assertSucceeded(result);
            assertThat(thrown.get()).isEqualTo(1);
            List<TaskInvocation> extracts = result.taskInvocations().stream()
                    .filter(t -> t.function().equals("ExtractChunk")).toList();
            assertThat(extracts).filteredOn(t -> TransientFailure.class.getName().equals(t.errorType())).hasSize(1);
        }
        assertThat(targetRows(EVENTS.formatted("analytics.events")))
                .isEqualTo(sourceRows(EVENTS.formatted("shop.events")));
    }

    @Test
    void aPermanentFaultNotifiesKeepsTheWatermarkReleasesTheLeaseAndARedriveCompletesOnce() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger thrown = new AtomicInteger();
        try (LocalPipeline pipeline = pipeline();
             LocalMigration migration = new LocalMigration(pipeline, DEFINITION, faultOnChunk1(failing, thrown,
                     new SourceFailure("permission denied for table events: grant SELECT to the sluice login")))) {
            PipelineContext context = pipeline.context();
            TableRef events = TableRef.parse("shop.events");

            ExecutionResult failed = migration.run(auto("shop.events"));

            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.failedState()).isEqualTo("NotifyFailure");
            assertThat(failed.error()).isEqualTo(SourceFailure.class.getName());
            assertThat(thrown.get()).as("a permanent failure is not retried").isEqualTo(1);
            List<String> lines = Files.readAllLines(workingDirectory.resolve(".sluice/notifications.jsonl"));
            JsonNode notification = LakeJson.mapper().readTree(lines.getLast());
            assertThat(notification.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(notification.path("failureClass").asText()).isEqualTo("source");
            assertThat(notification.path("table").asText()).isEqualTo("shop.events");
            assertThat(notification.path("step").asText()).isEqualTo("ExtractChunks");
            assertThat(notification.path("runId").asText()).startsWith("rkey-");
            assertThat(notification.path("safeAction").asText()).contains("redrive");
            assertThat(new WatermarkStore(context.lake(), context.layout()).read("shop", events)).isEmpty();
            Optional<Lease> lease = new LeaseStore(context.lake(), context.layout(), context.clock())
                    .read("shop", events).map(Lease.Held::lease);
            assertThat(lease).hasValueSatisfying(l -> assertThat(l.released()).isTrue());

            failing.set(false);
            ExecutionResult redriven = migration.redrive(failed);

            assertSucceeded(redriven);
            assertThat(redriven.redriveCount()).isEqualTo(1);
            List<JsonNode> extractOutputs = redriven.taskInvocations().stream()
                    .filter(t -> t.function().equals("ExtractChunk")).map(TaskInvocation::output).toList();
            assertThat(extractOutputs).filteredOn(o -> o.path("extracted").asBoolean()).as("only chunk 1 is read again")
                    .hasSize(1);
            assertThat(extractOutputs.size()).isGreaterThan(1);
            assertThat(invocations(redriven, "Plan")).isZero();
            JsonNode watermark = new WatermarkStore(context.lake(), context.layout()).read("shop", events)
                    .orElseThrow().body();
            assertThat(watermark.toString()).contains(notification.path("runId").asText());
        }
        assertThat(targetRows(EVENTS.formatted("analytics.events")))
                .isEqualTo(sourceRows(EVENTS.formatted("shop.events")));
    }

    @Test
    void aPlanAboveTheInlineLimitIsExtractedByTheDistributedMapReadingItsItemsFromTheLake() throws Exception {
        try (LocalPipeline pipeline = pipeline();
             LocalMigration migration = new LocalMigration(pipeline, DEFINITION, (step, function) -> function, 1)) {
            ExecutionResult result = migration.run(auto("shop.events"));

            assertSucceeded(result);
            assertThat(result.enteredStates()).contains("ExtractChunksDistributed").doesNotContain("ExtractChunks");
            assertThat(invocations(result, "ExtractChunk")).isGreaterThan(1);
        }
        assertThat(targetRows(EVENTS.formatted("analytics.events")))
                .isEqualTo(sourceRows(EVENTS.formatted("shop.events")));
    }

    @Test
    void aSecondExecutionWhileOneHoldsTheTableIsRefusedNamingTheHolder() throws Exception {
        try (LocalPipeline pipeline = pipeline(); LocalMigration migration = new LocalMigration(pipeline, DEFINITION)) {
            PipelineContext context = pipeline.context();
            new LeaseStore(context.lake(), context.layout(), context.clock()).acquire("shop",
                    TableRef.parse("shop.products"), "rfull-0123456789ab", "arn:other-execution", Duration.ofHours(1));

            ExecutionResult refused = migration.run(auto("shop.products"));

            assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(refused.error()).isEqualTo(RunInProgressFailure.class.getName());
            assertThat(refused.cause()).contains("rfull-0123456789ab");
            assertThat(invocations(refused, "ExtractChunk")).isZero();
        }
    }
}
