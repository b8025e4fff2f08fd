package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.demo.DemoChanges;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoScale;
import dev.sluice.local.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} end to end through {@link SluiceCli#run}: a JDBC PostgreSQL source (the demo dataset at 2,500
 * orders, in a temporary embedded server, with the login from an environment variable), the real state machine on
 * the local runner, local mode's lake, catalog and DuckDB warehouse in each test's working directory.
 */
class RunCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String LOGIN = "SLUICE_RUN_IT_LOGIN";

    private static final String ORDERS = """
              - source: demo
                table: sales.orders
                primaryKey: [order_id]
                watermark:
                  type: timestamp
                  column: updated_at
                  lookback: 0s
                  safetyLag: 1s
                target:
                  mode: merge
                chunk:
                  maxRows: 1000
                columns:
                  notes:
                    policy: acceptLossy
                    note: long notes are truncated in Redshift only
            """;

    private static final String EVENTS = """
              - source: demo
                table: sales.order_events
                primaryKey: [event_id]
                watermark:
                  type: key
                  column: event_id
                target:
                  mode: append
                columns:
                  payload:
                    policy: acceptLossy
                    note: long payloads are truncated in Redshift only
            """;

    private static final int ORDERS_IN_SOURCE = 2_500;

    private static DemoDatabase source;

    @TempDir
    Path work;

    @BeforeAll
    static void startSource() throws Exception {
        source = DemoDatabase.openTemporary(new DemoScale(ORDERS_IN_SOURCE, 11));
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }


    private static Map<String, String> variables() {
        Map<String, String> variables = new HashMap<>();
        variables.put(LOGIN, "{\"username\":\"postgres\",\"password\":\"unused-by-trust\"}");
        variables.put("SLUICE_HOME", RepositoryRoot.find().toString());
        return variables;
    }

    private String config(String... tables) {
        TestConfigs.write(work, "sluice.yaml", TestConfigs.config(
                TestConfigs.jdbcSource(source.jdbcUrl().replaceFirst("\\?.*$", ""), LOGIN), tables));
        return "sluice.yaml";
    }

    private CliRun sluice(Map<String, String> variables, String... args) {
        return CliRun.of(work, variables, args);
    }

    private CliRun sluice(String... args) {
        return sluice(variables(), args);
    }

    private static JsonNode json(CliRun run) throws Exception {
        return JSON.readTree(run.out());
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long warehouseCount(String table) throws Exception {
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:"
                + work.resolve(".sluice").resolve("warehouse.duckdb"))) {
            return count(warehouse, "SELECT count(*) FROM " + table);
        }
    }

    /** Polls the source's clock until it is past every {@code updated_at} by more than the 1 s safety lag. */
    private static void waitForTheSafetyLag(Connection connection) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (count(connection, "SELECT CASE WHEN clock_timestamp() > max(updated_at) + INTERVAL '1.5 seconds'"
                + " THEN 1 ELSE 0 END FROM sales.orders") == 0) {
            assertThat(Instant.now()).as("the source clock passes the safety lag").isBefore(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void backfillThenIncrementalThenNothingNewWithJsonOutcomes() throws Exception {
        String config = config(ORDERS, EVENTS);
        long events;
        try (Connection c = source.connect()) {
            events = count(c, "SELECT count(*) FROM sales.order_events");
        }

        CliRun backfill = sluice("run", "--config", config, "--json");
        assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
        JsonNode first = json(backfill);
        assertThat(first.path("succeeded").asBoolean()).isTrue();
        JsonNode orders = first.path("runs").get(0);
        assertThat(orders.path("table").asText()).isEqualTo("sales.orders");
        assertThat(orders.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(orders.path("mode").asText()).isEqualTo("auto");
        assertThat(orders.path("rows").asLong()).isEqualTo(ORDERS_IN_SOURCE);
        long chunks = orders.path("chunks").asLong();
        assertThat(chunks).as("2,500 rows in chunks of at most 1,000").isBetween(3L, 5L);
        assertThat(orders.path("validation").path("passed").asBoolean()).isTrue();
        assertThat(orders.path("load").path("rowsInserted").asLong()).isEqualTo(ORDERS_IN_SOURCE);
        assertThat(orders.path("watermarkMoved").asBoolean()).isTrue();
        assertThat(orders.path("failure").isNull()).isTrue();
        JsonNode eventRun = first.path("runs").get(1);
        assertThat(eventRun.path("rows").asLong()).isEqualTo(events);
        assertThat(eventRun.path("watermark").path("high").path("value").asText())
                .isEqualTo(String.valueOf(events));
        assertThat(warehouseCount("sales.orders")).isEqualTo(ORDERS_IN_SOURCE);
        // progress goes to stderr as plain lines when stdout is not a terminal
        assertThat(backfill.err()).contains("sluice: sales.orders: chunk " + chunks + "/" + chunks + ": ")
                .contains("sluice: sales.order_events: committing").doesNotContain("\r");

        DemoChanges.Summary changes;
        long newEvents;
        try (Connection c = source.connect()) {
            changes = DemoChanges.apply(c, new DemoScale(ORDERS_IN_SOURCE, 11), 1);
            newEvents = count(c, "SELECT count(*) FROM sales.order_events") - events;
            waitForTheSafetyLag(c);
        }
        CliRun incremental = sluice("run", "--config", config, "--mode", "incremental", "--json");
        assertThat(incremental.exitCode()).as(incremental.toString()).isZero();
        JsonNode second = json(incremental);
        JsonNode ordersAgain = second.path("runs").get(0);
        assertThat(ordersAgain.path("mode").asText()).isEqualTo("incremental");
        assertThat(ordersAgain.path("rows").asLong())
                .isEqualTo(changes.inserted().size() + changes.updated().size());
        assertThat(ordersAgain.path("load").path("rowsInserted").asLong()).isEqualTo(changes.inserted().size());
        assertThat(ordersAgain.path("load").path("rowsUpdated").asLong()).isEqualTo(changes.updated().size());
        assertThat(second.path("runs").get(1).path("load").path("rowsInserted").asLong()).isEqualTo(newEvents);
        // deletes are invisible to a timestamp watermark: the deleted orders stay in the target
        assertThat(warehouseCount("sales.orders")).isEqualTo(ORDERS_IN_SOURCE + changes.inserted().size());

        CliRun nothingNew = sluice("run", "--config", config, "--table", "sales.order_events", "--json");
        assertThat(nothingNew.exitCode()).as(nothingNew.toString()).isZero();
        JsonNode third = json(nothingNew).path("runs").get(0);
        assertThat(third.path("status").asText()).isEqualTo("NOTHING_NEW");
        assertThat(third.path("watermarkMoved").asBoolean()).isFalse();
        assertThat(third.path("watermark").path("high").path("value").asText())
                .isEqualTo(String.valueOf(events + newEvents));

        String runId = ordersAgain.path("runId").asText();
        CliRun report = sluice("report", "--config", config, "--run", runId, "--json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(json(report).path("passed").asBoolean()).isTrue();
        assertThat(json(report).path("load").path("rowsUpdated").asLong()).isEqualTo(changes.updated().size());

        CliRun text = sluice("run", "--config", config, "--table", "sales.order_events");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("sales.order_events  nothing new  (auto, run ")
                .contains("nothing changed since the committed watermark " + (events + newEvents));
    }

    @Test
    void aWindowRunReadsExactlyItsBoundsAndNeverMovesTheWatermark() throws Exception {
        String config = config(ORDERS);
        OffsetDateTime from;
        OffsetDateTime to;
        long expected;
        try (Connection c = source.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT updated_at FROM sales.orders ORDER BY updated_at"
                        + " OFFSET 99 LIMIT 201")) {
            List<OffsetDateTime> stamps = new ArrayList<>();
            while (rs.next()) {
                stamps.add(rs.getObject(1, OffsetDateTime.class));
            }
            from = stamps.getFirst();
            to = stamps.getLast();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT count(*) FROM sales.orders WHERE updated_at > ? AND updated_at <= ?")) {
                p.setObject(1, from);
                p.setObject(2, to);
                try (ResultSet n = p.executeQuery()) {
                    n.next();
                    expected = n.getLong(1);
                }
            }
        }
        assertThat(expected).isBetween(150L, 250L);

        CliRun window = sluice("run", "--config", config, "--table", "sales.orders", "--from", from.toString(),
                "--to", to.toString(), "--reason", "rerun a slice", "--json");

        assertThat(window.exitCode()).as(window.toString()).isZero();
        JsonNode run = json(window).path("runs").get(0);
        assertThat(run.path("mode").asText()).isEqualTo("window");
        assertThat(run.path("rows").asLong()).isEqualTo(expected);
        assertThat(run.path("load").path("rowsInserted").asLong()).isEqualTo(expected);
        assertThat(run.path("watermarkMoved").asBoolean()).isFalse();
        assertThat(run.path("watermark").isNull()).isTrue();
    }

    @Test
    void aRunThatFailsExitsOneNamingTheStepTheColumnAndTheSafeAction() throws Exception {
        String config = config(ORDERS);
        Files.createDirectories(work.resolve(".sluice"));
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:"
                + work.resolve(".sluice").resolve("warehouse.duckdb"));
                Statement st = warehouse.createStatement()) {
            st.execute("CREATE SCHEMA sales");
            st.execute("CREATE TABLE sales.orders (order_id BIGINT, total_amount VARCHAR)");
        }

        CliRun run = sluice("run", "--config", config);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(SluiceCli.EXIT_FAILED);
        assertThat(run.out()).startsWith("sales.orders  FAILED in StartLoad  (auto, run ")
                .contains("  schema drift: ")
                .contains("total_amount")
                .contains("  what to do: Approve the change in config")
                .contains("  runbook: docs/runbook.md#schema-drift")
                .contains("  report: sluice report --config sluice.yaml --run ")
                .contains("  the watermark did not move");
        assertThat(run.errorLines()).last().asString().startsWith(
                "sluice: 1 of 1 run failed: sales.orders in StartLoad (see above;");

        CliRun json = sluice("run", "--config", config, "--json");
        assertThat(json.exitCode()).isEqualTo(SluiceCli.EXIT_FAILED);
        JsonNode failed = json(json);
        assertThat(failed.path("succeeded").asBoolean()).isFalse();
        JsonNode failure = failed.path("runs").get(0).path("failure");
        assertThat(failure.path("step").asText()).isEqualTo("StartLoad");
        assertThat(failure.path("failureClass").asText()).isEqualTo("schema drift");
        assertThat(failure.path("errorType").asText())
                .isEqualTo(dev.sluice.core.failure.SchemaDriftFailure.class.getName());
        assertThat(failure.path("message").asText()).contains("total_amount");
        assertThat(failed.path("runs").get(0).path("watermark").isNull()).isTrue();
        assertThat(Files.exists(work.resolve(".sluice/lake/sluice-test-lake/_sluice/state/demo/sales.orders"
                + "/watermark.json"))).isFalse();
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws Exception {
        String config = config(ORDERS);
        Map<String, String> noLogin = new HashMap<>(variables());
        noLogin.remove(LOGIN);

        assertBadInput(sluice("run", "--config", "missing.yaml"), "config file missing.yaml does not exist");
        assertBadInput(sluice("run", "--config", config, "--table", "sales.nope"),
                "--table sales.nope is not a table of sluice.yaml: its tables are sales.orders");
        assertBadInput(sluice(noLogin, "run", "--config", config), LOGIN);
        assertBadInput(sluice("run", "--config", config, "--from", "2026-01-01T00:00:00Z"),
                "--from needs --to: a window is (FROM, TO]");
        assertBadInput(sluice("run", "--config", config, "--mode", "backfill", "--from", "2026-01-01T00:00:00Z",
                "--to", "2026-02-01T00:00:00Z"), "--mode backfill and --from/--to exclude each other");
        assertBadInput(sluice("run", "--config", config, "--from", "yesterday", "--to", "2026-02-01T00:00:00Z"),
                "--from yesterday is not an instant for sales.orders.updated_at (timestamptz");
        assertBadInput(sluice("run", "--config", config, "--from", "2026-02-01T00:00:00Z", "--to",
                "2026-01-01T00:00:00Z"), "the window (FROM, TO] is empty");
        assertBadInput(sluice("run", "--config", config, "--mode", "incremental"),
                "--mode incremental: sales.orders has no committed watermark yet");
        assertBadInput(sluice("run", "--config", config(ORDERS.replace("column: updated_at",
                "column: changed_at"))), "changed_at");
        assertBadInput(sluice("run", "--config", config(ORDERS.replace("table: sales.orders", "table: sales.nope"))),
                "sales.nope");
        TestConfigs.write(work, "unreachable.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://127.0.0.1:1/postgres", LOGIN), ORDERS));
        assertBadInput(sluice("run", "--config", "unreachable.yaml"), "127.0.0.1:1");
        assertBadInput(sluice(Map.of(LOGIN, "{\"username\":\"postgres\",\"password\":\"x\"}", "SLUICE_HOME",
                work.toString()), "run", "--config", config), "the state machine ");

        assertThat(work.resolve(".sluice").resolve("lake")).doesNotExist();
        assertThat(work.resolve(".sluice").resolve("warehouse.duckdb")).doesNotExist();
    }

    private static void assertBadInput(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.errorLines()).as(run.toString()).hasSize(1);
        assertThat(run.errorLines().getFirst()).as(run.toString()).startsWith("sluice: ").contains(message);
    }
}
