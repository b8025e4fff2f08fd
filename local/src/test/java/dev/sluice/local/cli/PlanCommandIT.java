package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoScale;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice plan} end to end through {@link SluiceCli#run}: against the embedded demo source (generated in a
 * temporary working directory, 2,000 orders) and against a JDBC source with a login from the environment.
 */
class PlanCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String LOGIN = "SLUICE_IT_LOGIN";

    @TempDir
    static Path work;

    private static DemoDatabase jdbcSource;

    @BeforeAll
    static void writeConfigs() throws Exception {
        TestConfigs.write(work, "demo.yaml", TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS,
                TestConfigs.ORDER_LINES, TestConfigs.CUSTOMERS_BLOCKED));
        jdbcSource = DemoDatabase.openTemporary(new DemoScale(1_000, 5));
    }

    @AfterAll
    static void stop() {
        if (jdbcSource != null) {
            jdbcSource.close();
        }
    }

    private static CliRun plan(Map<String, String> variables, String... args) {
        List<String> all = new ArrayList<>(List.of("plan"));
        all.addAll(List.of(args));
        return CliRun.of(work, variables, all.toArray(String[]::new));
    }

    @Test
    void jsonIsOneDocumentWhoseChunksCoverTheDataTheyDescribe() throws Exception {
        CliRun run = plan(Map.of(), "--config", "demo.yaml", "--rows", "2000", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());

        assertThat(doc.path("environment").asText()).isEqualTo("test");
        assertThat(doc.path("tables").findValuesAsText("table"))
                .containsExactly("sales.orders", "sales.order_lines", "sales.customers");
        JsonNode orders = doc.path("tables").get(0);
        JsonNode lines = doc.path("tables").get(1);
        JsonNode customers = doc.path("tables").get(2);

        assertThat(columnNames(orders)).containsExactly("order_id", "customer_id", "order_ts", "order_date",
                "status", "channel", "total_amount", "discount_rate", "shipping_address", "notes",
                "fulfilment_time", "pick_started", "updated_at");
        assertThat(columnNames(lines)).hasSize(8);
        assertThat(columnNames(customers)).hasSize(12);
        assertThat(orders.at("/inventory/rowEstimate").asLong()).isEqualTo(2_000);
        assertThat(orders.at("/inventory/columns").asInt()).isEqualTo(13);
        assertThat(orders.at("/inventory/primaryKey").toString()).isEqualTo("[\"order_id\"]");
        assertThat(orders.at("/inventory/indexes").findValuesAsText("name"))
                .contains("orders_updated_at_idx", "orders_customer_id_idx");
        assertThat(orders.path("runnable").asBoolean()).isTrue();
        assertThat(fidelityRow(orders, "notes").path("status").asText()).isNotEqualTo("NEEDS_POLICY");

        assertThat(customers.path("runnable").asBoolean()).isFalse();
        assertThat(customers.at("/typeFidelity/blocking").findValuesAsText("configPath"))
                .contains("tables[2].columns.tags.policy", "tables[2].columns.preferences.policy");
        assertThat(doc.at("/summary/tables").asInt()).isEqualTo(3);
        assertThat(doc.at("/summary/blocked").asInt()).isEqualTo(1);

        JsonNode plan = orders.path("chunkPlan");
        JsonNode ranges = plan.path("ranges");
        assertThat(plan.path("chunks").asInt()).isEqualTo(ranges.size()).isBetween(2, 4);
        assertThat(plan.path("rowsPerChunkLimit").asLong()).isEqualTo(1_000);
        assertThat(plan.at("/rowsPerChunk/max").asLong()).isLessThanOrEqualTo(1_000);
        assertThat(orders.at("/watermark/type").asText()).isEqualTo("timestamp");
        assertThat(orders.at("/watermark/backfill").asBoolean()).isTrue();

        // The ranges tile the window: open start, each upper bound the next lower bound, ending at the window's high.
        assertThat(ranges.get(0).at("/range/lowerExclusive").isNull()).isTrue();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).at("/range/lowerExclusive"))
                    .isEqualTo(ranges.get(i - 1).at("/range/upperInclusive"));
        }
        assertThat(ranges.get(ranges.size() - 1).at("/range/upperInclusive/0/value").asText())
                .isEqualTo(orders.at("/watermark/upperInclusive/value").asText());

        // The demo database stays in .sluice/demo-pg: reopened at the same size it is reused, and the chunk
        // ranges hold every order, none of them more than the limit plus sampling slack.
        try (DemoDatabase demo = DemoDatabase.open(work.resolve(".sluice/demo-pg"), new DemoScale(2_000, 42));
                Connection c = demo.connect()) {
            assertThat(demo.load()).as("reused, not regenerated").isEmpty();
            long total = 0;
            for (JsonNode chunk : ranges) {
                long rows = countOrders(c, chunk.path("range"));
                assertThat(rows).as(chunk.toString()).isBetween(1L, 1_300L);
                total += rows;
            }
            assertThat(total).isEqualTo(2_000);
        }
    }

    @Test
    void theEstimateIsMeasuredOnACappedSampleAndAddsUp() throws Exception {
        CliRun run = plan(Map.of(), "--config", "demo.yaml", "--rows", "2000", "--json", "--bandwidth", "1Gbps",
                "--streams", "2", "--sample-rows", "500", "--lambda-memory-mb", "1024");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        JsonNode estimate = doc.path("estimate");
        assertThat(estimate.at("/assumptions/bandwidth").asText()).isEqualTo("1Gbps");
        assertThat(estimate.at("/assumptions/bandwidthBytesPerSecond").asDouble()).isEqualTo(125_000_000.0);
        assertThat(estimate.at("/assumptions/streams").asInt()).isEqualTo(2);
        assertThat(estimate.at("/assumptions/sampleRows").asInt()).isEqualTo(500);
        assertThat(estimate.at("/assumptions/prices/lambdaPerGbSecond").asDouble()).isEqualTo(0.0000166667);
        assertThat(estimate.at("/assumptions/prices/asOf").asText()).isEqualTo(UnitPrices.AS_OF);
        assertThat(estimate.path("tables").findValuesAsText("table"))
                .containsExactly("sales.orders", "sales.order_lines", "sales.customers");

        JsonNode ordersPlan = doc.at("/tables/0");
        JsonNode orders = estimate.at("/tables/0");
        JsonNode sample = orders.path("sample");
        assertThat(orders.path("skipped").isNull()).isTrue();
        assertThat(sample.path("chunkId").asText()).isEqualTo(ordersPlan.at("/chunkPlan/ranges/0/id").asText());
        assertThat(sample.path("rows").asLong()).as("capped by --sample-rows").isEqualTo(500);
        long parquet = sample.path("parquetBytes").asLong();
        assertThat(parquet).as("a real Parquet file: footer and data").isBetween(4_000L, 500L * 1_000);
        assertThat(sample.path("rawBytesEstimate").asLong())
                .isEqualTo(500 * ordersPlan.at("/inventory/averageRowBytes").asLong());
        double ratio = sample.path("compressionRatio").asDouble();
        assertThat(ratio).isEqualTo(sample.path("rawBytesEstimate").asDouble() / parquet);
        double rowsPerSecond = sample.path("rowsPerSecond").asDouble();
        assertThat(rowsPerSecond).isPositive();

        JsonNode figures = orders.path("estimate");
        long rows = ordersPlan.at("/inventory/rowEstimate").asLong();
        long wire = ordersPlan.at("/inventory/bytesEstimate").asLong();
        assertThat(figures.path("rows").asLong()).isEqualTo(rows).isEqualTo(2_000);
        assertThat(figures.path("wireBytes").asLong()).isEqualTo(wire);
        assertThat(figures.path("chunks").asInt()).as("the next run is the backfill")
                .isEqualTo(ordersPlan.at("/chunkPlan/chunks").asInt());
        assertThat(figures.path("parquetBytes").asLong()).isEqualTo(Math.round(wire / ratio));
        assertThat(figures.path("networkSeconds").asDouble()).isEqualTo(wire / 125_000_000.0);
        assertThat(figures.path("extractSeconds").asDouble()).isCloseTo(rows / (rowsPerSecond * 2),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(figures.path("durationSeconds").asDouble()).isEqualTo(Math.max(
                figures.path("networkSeconds").asDouble(), figures.path("extractSeconds").asDouble()));
        assertThat(figures.at("/cost/lambdaGbSeconds").asDouble()).isCloseTo(
                figures.path("durationSeconds").asDouble() * 2 + 13, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(figures.at("/cost/stepFunctionsTransitions").asLong())
                .isEqualTo(30 + 2L * figures.path("chunks").asInt());

        JsonNode customers = estimate.at("/tables/2");
        assertThat(customers.path("skipped").asText()).startsWith("blocked by type fidelity");
        assertThat(customers.path("estimate").isNull()).isTrue();
        assertThat(estimate.path("notEstimated")).hasSize(1);
        assertThat(estimate.at("/notEstimated/0").asText()).startsWith("sales.customers: blocked");

        JsonNode lines = estimate.at("/tables/1/estimate");
        assertThat(estimate.at("/total/rows").asLong()).isEqualTo(rows + lines.path("rows").asLong());
        assertThat(estimate.at("/total/chunks").asInt())
                .isEqualTo(figures.path("chunks").asInt() + lines.path("chunks").asInt());
        assertThat(estimate.at("/total/cost/totalUsd").asDouble()).isCloseTo(figures.at("/cost/totalUsd").asDouble()
                + lines.at("/cost/totalUsd").asDouble(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(work.resolve(".sluice/lake")).as("the sample writes nothing to the lake").doesNotExist();
    }

    @Test
    void theShippedDemoConfigPlansEveryDemoTableConsistentlyWithItsData(@TempDir Path elsewhere) throws Exception {
        Path demoConfig = Path.of("..", "config", "demo.yaml").toAbsolutePath().normalize();
        CliRun run = CliRun.of(elsewhere, Map.of(), "plan", "--config", demoConfig.toString(), "--rows", "2000",
                "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("tables").findValuesAsText("table")).containsExactly("sales.customers",
                "sales.products", "sales.orders", "sales.order_lines", "sales.order_events");
        assertThat(elsewhere.resolve(".sluice/demo-pg")).isDirectory();

        try (DemoDatabase demo = DemoDatabase.open(elsewhere.resolve(".sluice/demo-pg"), new DemoScale(2_000, 42));
                Connection c = demo.connect()) {
            assertThat(demo.load()).isEmpty();
            long chunks = 0;
            for (JsonNode table : doc.path("tables")) {
                String name = table.path("table").asText();
                long rows = queryLong(c, "SELECT count(*) FROM " + name);
                long columns = queryLong(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                        + "'sales' AND table_name = '" + name.substring("sales.".length()) + "'");
                assertThat(table.at("/typeFidelity/columns").size()).as(name).isEqualTo((int) columns);
                assertThat(table.at("/inventory/columns").asLong()).as(name).isEqualTo(columns);
                assertThat(table.at("/inventory/rowEstimate").asLong()).as(name).isEqualTo(rows);
                assertThat((double) table.at("/chunkPlan/estimatedRows").asLong()).as(name)
                        .isBetween(rows * 0.75, rows * 1.25);
                JsonNode plan = table.path("chunkPlan");
                assertThat(plan.path("chunks").asInt()).as(name).isEqualTo(plan.path("ranges").size())
                        .isGreaterThanOrEqualTo((int) Math.ceil((double) rows / plan.path("rowsPerChunkLimit")
                                .asLong()));
                chunks += plan.path("chunks").asInt();
            }
            assertThat(doc.at("/summary/chunks").asLong()).isEqualTo(chunks);
        }
    }

    @Test
    void textHasEverySectionAlignedAndWithoutColourWhenNotATerminal() {
        CliRun run = plan(Map.of(), "--config", "demo.yaml", "--rows", "2000");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("Sluice plan of demo.yaml (environment test, 3 tables)")
                .contains("== sales.orders  source demo (postgresql, embedded demo PostgreSQL")
                .contains("  Inventory\n    rows (estimate)  2,000\n")
                .contains("  Type fidelity (postgresql, mapping v1)\n    COLUMN ")
                .contains("  Chunk plan (timestamp-backfill, run ")
                .contains("  Watermark window of the next run\n    cursor             timestamp on updated_at\n")
                .contains("<- BLOCKING")
                .contains("Fix: set tables[2].columns.tags.policy: acceptLossy | asString | exclude")
                .contains("Summary: 3 tables, 2 runnable, 1 blocked, ")
                .contains("  Estimate for the whole table (4 streams, link 100Mbps)\n    sample       chunk ")
                .contains("  Estimate for the whole table\n    not estimated: blocked by type fidelity")
                .contains("Estimate for the whole migration (2 tables one after another, link 100Mbps, streams = "
                        + "each source's readBudget, ExtractChunk at 2048 MB)\n    on the wire ")
                .doesNotContain("\u001b[");
        String header = run.out().lines().filter(l -> l.startsWith("    COLUMN ")).findFirst().orElseThrow();
        String orderTs = run.out().lines().filter(l -> l.startsWith("    order_ts ")).findFirst().orElseThrow();
        assertThat(orderTs.indexOf("timestamptz")).isEqualTo(header.indexOf("SOURCE TYPE"));
    }

    @Test
    void tableOptionPlansOnlyThatTable() throws Exception {
        CliRun run = plan(Map.of(), "--config", "demo.yaml", "--rows", "2000", "--table", "sales.order_lines",
                "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("tables").findValuesAsText("table")).containsExactly("sales.order_lines");
        assertThat(doc.at("/tables/0/configIndex").asInt()).isEqualTo(1);
        assertThat(doc.at("/tables/0/inventory/primaryKey").toString()).isEqualTo("[\"order_id\",\"line_no\"]");
    }

    @Test
    void aJdbcSourceIsReachedWithTheLoginFromTheEnvironment() throws Exception {
        TestConfigs.write(work, "jdbc.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:" + jdbcSource.port() + "/postgres", LOGIN),
                TestConfigs.ORDERS));
        CliRun run = plan(Map.of(LOGIN, "{\"username\":\"postgres\",\"password\":\"unused-by-trust\"}"),
                "--config", "jdbc.yaml", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode orders = JSON.readTree(run.out()).at("/tables/0");
        assertThat(orders.path("sourceLocation").asText())
                .isEqualTo("jdbc:postgresql://localhost:" + jdbcSource.port() + "/postgres");
        assertThat(orders.at("/inventory/rowEstimate").asLong()).isEqualTo(1_000);
        assertThat(run.out()).doesNotContain("unused-by-trust");
    }

    @Test
    void aWatermarkCommittedInTheLocalLakeMakesTheNextRunIncremental(@TempDir Path other) throws Exception {
        TestConfigs.write(other, "jdbc.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:" + jdbcSource.port() + "/postgres", LOGIN),
                TestConfigs.ORDERS));
        Path file = other.resolve(".sluice/lake/sluice-test-lake/_sluice/state/demo/sales.orders/watermark.json");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, WatermarkJson.write(new Watermark(WatermarkConfig.Type.TIMESTAMP,
                "updated_at", null, KeyValue.ofInstant(Instant.parse("2026-09-01T00:00:00Z")),
                KeyValue.ofInstant(Instant.parse("2026-09-01T00:00:30Z")), "r-previous",
                Instant.parse("2026-09-01T00:05:00Z"))));
        Map<String, String> login = Map.of(LOGIN, "{\"username\":\"postgres\",\"password\":\"x\"}");

        CliRun run = CliRun.of(other, login, "plan", "--config", "jdbc.yaml", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode orders = JSON.readTree(run.out()).at("/tables/0");
        assertThat(orders.at("/watermark/previousHigh/value").asText()).isEqualTo("2026-09-01T00:00:00Z");
        assertThat(orders.at("/watermark/lowerExclusive/value").asText()).as("high minus the 5m lookback")
                .isEqualTo("2026-08-31T23:55:00Z");
        assertThat(orders.at("/watermark/backfill").asBoolean()).isFalse();
        assertThat(orders.at("/chunkPlan/mode").asText()).isEqualTo("timestamp-incremental");
        long newer;
        try (Connection c = jdbcSource.connect()) {
            newer = queryLong(c, "SELECT count(*) FROM sales.orders WHERE updated_at > '2026-08-31T23:55:00Z'");
        }
        assertThat((double) orders.at("/chunkPlan/estimatedRows").asLong()).isBetween(newer * 0.7, newer * 1.3);
        assertThat(newer).isBetween(1L, 999L);

        CliRun text = CliRun.of(other, login, "plan", "--config", "jdbc.yaml");
        assertThat(text.out()).contains("continues from the committed high 2026-09-01T00:00:00Z");

        java.nio.file.Files.writeString(file, "{\"type\": \"timestamp\"");
        CliRun corrupt = CliRun.of(other, login, "plan", "--config", "jdbc.yaml");
        assertThat(corrupt.exitCode()).isEqualTo(2);
        assertThat(corrupt.errorLines()).singleElement().asString().contains("watermark.json")
                .contains("is not a valid watermark");
    }

    @Test
    void aTableMissingFromTheSourceIsOneLineNamingIt() {
        TestConfigs.write(work, "missing-table.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:" + jdbcSource.port() + "/postgres", LOGIN),
                TestConfigs.ORDERS.replace("sales.orders", "sales.invoices")));
        CliRun run = plan(Map.of(LOGIN, "{\"username\":\"postgres\",\"password\":\"x\"}"),
                "--config", "missing-table.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("sluice: missing-table.yaml: tables[0]: ")
                .contains("sales.invoices").contains("not found");
    }

    @Test
    void aColumnMissingFromTheSourceIsOneLineNamingItAndTheFix() {
        TestConfigs.write(work, "missing-column.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:" + jdbcSource.port() + "/postgres", LOGIN),
                TestConfigs.ORDERS.replace("column: updated_at", "column: updated_att")));
        CliRun run = plan(Map.of(LOGIN, "{\"username\":\"postgres\",\"password\":\"x\"}"),
                "--config", "missing-column.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("sluice: missing-column.yaml: tables[0].watermark.column: ")
                .contains("updated_att").contains("sales.orders").contains("Fix:");
    }

    private static long queryLong(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> columnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.at("/typeFidelity/columns").forEach(c -> names.add(c.path("column").asText()));
        return names;
    }

    private static JsonNode fidelityRow(JsonNode table, String column) {
        for (JsonNode row : table.at("/typeFidelity/columns")) {
            if (row.path("column").asText().equals(column)) {
                return row;
            }
        }
        throw new AssertionError("no fidelity row for " + column);
    }

    private static long countOrders(Connection c, JsonNode range) throws Exception {
        JsonNode lower = range.path("lowerExclusive");
        JsonNode upper = range.path("upperInclusive");
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM sales.orders WHERE (?::timestamptz IS NULL "
                + "OR updated_at > ?::timestamptz) AND (?::timestamptz IS NULL OR updated_at <= ?::timestamptz)")) {
            Timestamp low = lower.isNull() ? null : Timestamp.from(Instant.parse(lower.at("/0/value").asText()));
            Timestamp high = upper.isNull() ? null : Timestamp.from(Instant.parse(upper.at("/0/value").asText()));
            s.setTimestamp(1, low);
            s.setTimestamp(2, low);
            s.setTimestamp(3, high);
            s.setTimestamp(4, high);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
