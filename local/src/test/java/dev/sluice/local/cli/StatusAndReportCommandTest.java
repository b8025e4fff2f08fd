package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.RunLedger;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationReport.Check;
import dev.sluice.core.validate.ValidationReport.ChunkReport;
import dev.sluice.core.validate.ValidationReport.Verdict;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice status} and {@code sluice report} end to end through {@link SluiceCli#run}, over a local lake the
 * core stores wrote (laid out as S3Proxy's filesystem store keeps it). Neither command contacts the source, so the
 * config's embedded demo source is never started.
 */
class StatusAndReportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableRef ORDERS = TableRef.parse("sales.orders");
    private static final Instant HIGH = Instant.parse("2026-09-01T00:00:00Z");

    @TempDir
    Path work;

    private LocalLakeFixture lake;

    @BeforeEach
    void config() {
        TestConfigs.write(work, "demo.yaml", TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS,
                TestConfigs.ORDER_LINES));
        lake = new LocalLakeFixture(work);
    }

    /** Three attempts of sales.orders (r-1 succeeded, r-2 failed, r-3 in progress holding the lease). */
    private void threeRuns() {
        RunLedger ledger = new RunLedger(lake.store(), lake.layout());
        ledger.append(entry("r-1", "timestamp-backfill", 2_000, "SUCCEEDED", null, "2026-09-01T00:01:00Z"));
        ledger.append(entry("r-2", "timestamp-incremental", 40, "FAILED", "VALIDATION_MISMATCH",
                "2026-09-01T01:00:00Z"));
        ledger.append(entry("r-0", "timestamp-backfill", 0, "FAILED", "SOURCE", "2026-08-31T23:00:00Z"));
        Watermark committed = new Watermark(WatermarkConfig.Type.TIMESTAMP, "updated_at", null,
                KeyValue.ofInstant(HIGH), KeyValue.ofInstant(HIGH.plusSeconds(30)), "r-1",
                Instant.parse("2026-09-01T00:05:00Z"));
        new WatermarkStore(lake.store(), lake.layout()).commit("demo", ORDERS,
                LakeJson.tree("watermark", WatermarkJson.write(committed).getBytes(StandardCharsets.UTF_8)), null);
        Instant acquired = Instant.now();
        new LeaseStore(lake.store(), lake.layout(), Clock.fixed(acquired, ZoneOffset.UTC))
                .acquire("demo", ORDERS, "r-3", "local-exec-3", Duration.ofHours(2));
        ValidationReport report = new ValidationReport("sales.orders", "r-2", false, List.of(
                new ChunkReport("c0001", true, List.of(new Check("row_count", "20", "20", Verdict.PASS)),
                        List.of(), true),
                new ChunkReport("c0002", false, List.of(new Check("row_count", "20", "19", Verdict.FAIL),
                        new Check("sum(total_amount)", "310.50", "300.00", Verdict.FAIL)), List.of(), true)));
        lake.store().putIfAbsent(lake.layout().validationReport("demo", ORDERS, "r-2"),
                report.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        ValidationReport passed = new ValidationReport("sales.orders", "r-1", true, List.of(
                new ChunkReport("c0001", true, List.of(new Check("row_count", "2000", "2000", Verdict.PASS)),
                        List.of(), true)));
        lake.store().putIfAbsent(lake.layout().validationReport("demo", ORDERS, "r-1"),
                passed.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
        lake.store().putIfAbsent(lake.layout().loadReport("demo", ORDERS, "r-1"), LakeJson.bytes(
                new LoadReport("r-1", "sales", "orders", "merge", 2_000, 1_990, 10, 0, "2026-09-01 00:04:59")),
                "application/json");
        lake.store().putIfAbsent(lake.layout().plan("demo", ORDERS, "r-0"), "{}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        lake.flush();
    }

    private static LedgerEntry entry(String runId, String mode, long rows, String status, String failureClass,
                                     String startedAt) {
        Instant start = Instant.parse(startedAt);
        return new LedgerEntry(runId, "demo", "sales.orders", mode, null, HIGH.toString(), rows, rows * 100,
                rows == 0 ? 0 : 2, status, failureClass, start, start.plusSeconds(75));
    }

    private CliRun cli(String... args) {
        return CliRun.of(work, Map.of(), args);
    }

    @Test
    void statusJsonHasWatermarkWithLagLeaseAndRunsNewestFirst() throws Exception {
        threeRuns();
        CliRun run = cli("status", "--config", "demo.yaml", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("noRunsYet").asBoolean()).isFalse();
        assertThat(doc.path("lake").asText()).isEqualTo(".sluice/lake/sluice-test-lake");
        assertThat(doc.path("tables").findValuesAsText("table")).containsExactly("sales.orders", "sales.order_lines");

        JsonNode orders = doc.at("/tables/0");
        assertThat(orders.at("/watermark/type").asText()).isEqualTo("timestamp");
        assertThat(orders.at("/watermark/high/value").asText()).isEqualTo(HIGH.toString());
        assertThat(orders.at("/watermark/runId").asText()).isEqualTo("r-1");
        assertThat(orders.at("/watermark/committedAt").asText()).isEqualTo("2026-09-01T00:05:00Z");
        Instant asOf = Instant.parse(doc.path("asOf").asText());
        assertThat(orders.at("/watermark/lagSeconds").asLong())
                .isEqualTo(Duration.between(HIGH, asOf).toSeconds());

        assertThat(orders.at("/lease/state").asText()).isEqualTo("held");
        assertThat(orders.at("/lease/runId").asText()).isEqualTo("r-3");
        assertThat(orders.at("/lease/holder").asText()).isEqualTo("local-exec-3");

        assertThat(orders.path("runs").findValuesAsText("runId")).containsExactly("r-2", "r-1", "r-0");
        JsonNode newest = orders.at("/runs/0");
        assertThat(newest.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(newest.path("failureClass").asText()).isEqualTo("VALIDATION_MISMATCH");
        assertThat(newest.path("rows").asLong()).isEqualTo(40);
        assertThat(newest.path("mode").asText()).isEqualTo("timestamp-incremental");
        assertThat(newest.path("startedAt").asText()).isEqualTo("2026-09-01T01:00:00Z");

        JsonNode lines = doc.at("/tables/1");
        assertThat(lines.path("watermark").isNull()).isTrue();
        assertThat(lines.path("lease").isNull()).isTrue();
        assertThat(lines.path("runs").size()).isZero();

        CliRun two = cli("status", "--config", "demo.yaml", "--table", "sales.orders", "--runs", "2", "--json");
        JsonNode limited = JSON.readTree(two.out());
        assertThat(limited.path("tables").size()).isEqualTo(1);
        assertThat(limited.at("/tables/0/runs").findValuesAsText("runId")).containsExactly("r-2", "r-1");
    }

    @Test
    void statusTextShowsEachTableAndSaysWhichHaveNoRuns() {
        threeRuns();
        CliRun run = cli("status", "--config", "demo.yaml");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("Sluice status of demo.yaml (environment test, lake .sluice/lake/sluice-test-lake, as of ")
                .contains("== sales.orders  source demo\n")
                .contains("  watermark  timestamp on updated_at: high 2026-09-01T00:00:00Z, run r-1, committed "
                        + "2026-09-01T00:05:00Z (lag ")
                .contains("  lease      HELD by run r-3 (execution local-exec-3) until ")
                .contains("  last runs (newest first)\n")
                .contains("== sales.order_lines  source demo\n  " + StatusCommand.NO_RUNS_YET)
                .doesNotContain("\u001b[");
        List<String> runLines = run.out().lines().filter(l -> l.startsWith("    r-")).toList();
        assertThat(runLines).hasSize(3);
        assertThat(runLines.get(0)).startsWith("    r-2").contains("FAILED (VALIDATION_MISMATCH)").contains("1m 15s");
        assertThat(runLines.get(1)).startsWith("    r-1").contains("SUCCEEDED").contains("2,000");
        assertThat(runLines.get(2)).startsWith("    r-0");
    }

    @Test
    void helpListsTheCommandsAndTheirOptions() {
        assertThat(cli("--help").out()).contains("status").contains("report");
        assertThat(cli("status", "--help").out()).contains("--config=FILE").contains("--table=SCHEMA.TABLE")
                .contains("--runs=N").contains("--json");
        assertThat(cli("report", "--help").out()).contains("--run=RUN_ID").contains("--table=SCHEMA.TABLE");
        assertThat(cli("plan", "--help").out()).contains("--bandwidth=RATE").contains("default: 100Mbps")
                .contains("--streams=N").contains("--sample-rows=N").contains("default: 50000")
                .contains("--lambda-memory-mb=MB");
    }

    @Test
    void anEmptyLakeIsFriendlyAndSucceeds() throws Exception {
        CliRun run = cli("status", "--config", "demo.yaml");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\n" + StatusCommand.NO_RUNS_YET + "\n").doesNotContain("== ");

        CliRun json = cli("status", "--config", "demo.yaml", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.path("noRunsYet").asBoolean()).isTrue();
        assertThat(doc.path("tables").size()).isEqualTo(2);
    }

    @Test
    void statusRejectsBadInputWithOneLine() {
        CliRun runs = cli("status", "--config", "demo.yaml", "--runs", "0");
        assertThat(runs.exitCode()).isEqualTo(2);
        assertThat(runs.errorLines()).singleElement().asString().contains("--runs 0").contains("--runs 10");

        CliRun table = cli("status", "--config", "demo.yaml", "--table", "sales.invoices");
        assertThat(table.exitCode()).isEqualTo(2);
        assertThat(table.errorLines()).singleElement().asString()
                .contains("--table sales.invoices is not a table of demo.yaml").contains("sales.orders");

        CliRun noConfig = cli("status", "--config", "nope.yaml");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.errorLines()).singleElement().asString().contains("nope.yaml does not exist");
    }

    @Test
    void aCorruptWatermarkIsBadInputNamingTheFile() throws Exception {
        threeRuns();
        java.nio.file.Files.writeString(lake.bucketDirectory().resolve(lake.layout().watermark("demo", ORDERS)),
                "{\"type\": \"timestamp\"");
        CliRun run = cli("status", "--config", "demo.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString().contains("sales.orders").contains("watermark.json");
    }

    @Test
    void reportPrintsTheReconciliationAndTheLoad() {
        threeRuns();
        CliRun run = cli("report", "--config", "demo.yaml", "--run", "r-1");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .startsWith("Validation of sales.orders run r-1: PASSED\n")
                .contains("chunk c0001: PASS")
                .contains("Load into sales.orders (merge) at 2026-09-01 00:04:59: 2,000 staged, 1,990 inserted, "
                        + "10 updated, 0 deleted");

        CliRun failed = cli("report", "--config", "demo.yaml", "--run", "r-2", "--table", "sales.orders");
        assertThat(failed.exitCode()).as(failed.toString()).isZero();
        assertThat(failed.out())
                .startsWith("Validation of sales.orders run r-2: FAILED\n")
                .contains("2 checks failed:\n  chunk c0002: row_count expected 20, found 19\n"
                        + "  chunk c0002: sum(total_amount) expected 310.50, found 300.00\n")
                .contains("Load: none recorded for this run");
    }

    @Test
    void latestIsTheTablesNewestRunAndNeedsOneTable() {
        threeRuns();
        CliRun latest = cli("report", "--config", "demo.yaml", "--table", "sales.orders", "--run", "latest");
        assertThat(latest.exitCode()).as(latest.toString()).isZero();
        assertThat(latest.out()).startsWith("Validation of sales.orders run r-2: FAILED\n");

        CliRun noTable = cli("report", "--config", "demo.yaml", "--run", "latest");
        assertThat(noTable.exitCode()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(noTable.errorLines()).containsExactly("sluice: --run latest needs --table: which table's newest "
                + "run? One of sales.orders, sales.order_lines");

        CliRun noRuns = cli("report", "--config", "demo.yaml", "--table", "sales.order_lines", "--run", "latest");
        assertThat(noRuns.exitCode()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(noRuns.errorLines().getFirst()).startsWith("sluice: --run latest: sales.order_lines has no runs in "
                + "the local lake ");
    }

    @Test
    void reportJsonCarriesTheValidationAndLoadReports() throws Exception {
        threeRuns();
        CliRun run = cli("report", "--config", "demo.yaml", "--run", "r-1", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("table").asText()).isEqualTo("sales.orders");
        assertThat(doc.path("source").asText()).isEqualTo("demo");
        assertThat(doc.path("runId").asText()).isEqualTo("r-1");
        assertThat(doc.path("passed").asBoolean()).isTrue();
        assertThat(doc.at("/validation/chunks/0/checks/0/found").asText()).isEqualTo("2000");
        assertThat(doc.at("/load/rowsInserted").asLong()).isEqualTo(1_990);
        assertThat(doc.at("/load/rowsUpdated").asLong()).isEqualTo(10);

        JsonNode failed = JSON.readTree(cli("report", "--config", "demo.yaml", "--run", "r-2", "--json").out());
        assertThat(failed.path("passed").asBoolean()).isFalse();
        assertThat(failed.at("/validation/chunks/1/checks/0/verdict").asText()).isEqualTo("FAIL");
        assertThat(failed.path("load").isNull()).isTrue();
    }

    @Test
    void anUnknownRunIsBadInputListingTheNewestRuns() {
        threeRuns();
        CliRun run = cli("report", "--config", "demo.yaml", "--run", "r-9");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("sluice: run r-9 is not in the local lake .sluice/lake/sluice-test-lake for any table of "
                        + "demo.yaml")
                .contains("Newest runs: sales.orders: r-2, r-1, r-0");

        CliRun empty = cli("report", "--config", "demo.yaml", "--run", "r-9", "--table", "sales.order_lines");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.errorLines()).singleElement().asString()
                .contains("for sales.order_lines").contains(StatusCommand.NO_RUNS_YET);

        CliRun bad = cli("report", "--config", "demo.yaml", "--run", "../etc");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errorLines()).singleElement().asString().startsWith("sluice: --run ../etc is not a run id");

        CliRun missing = cli("report", "--config", "demo.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errorLines()).singleElement().asString().contains("--run");
    }

    @Test
    void aRunThatStoppedBeforeValidationSaysSo() {
        threeRuns();
        CliRun run = cli("report", "--config", "demo.yaml", "--run", "r-0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("run r-0 of sales.orders has no validation report")
                .contains("_sluice/runs/demo/sales.orders/r-0/validation.json")
                .contains("sluice status --config demo.yaml --table sales.orders");
    }
}
