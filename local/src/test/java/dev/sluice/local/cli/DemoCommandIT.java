package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.testing.RepositoryRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo} end to end through {@link SluiceCli#run}: the repository's {@code config/demo.yaml}, a fresh
 * demo database of 500 orders, ten executions of the real state machine (a backfill and an incremental of each of
 * the five tables), and the warehouse compared with the source.
 */
class DemoCommandIT {

    @TempDir
    Path work;


    @Test
    void backfillChangesAndIncrementalReconcileAndTheWarehouseMatchesTheSourceButForDeletes() throws Exception {
        Map<String, String> variables = Map.of("SLUICE_HOME", RepositoryRoot.find().toString());

        CliRun demo = CliRun.of(work, variables, "demo", "--rows", "500");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        List<String> lines = demo.out().lines().toList();
        assertThat(lines).contains("Workspace: .sluice/demo (started afresh; the next demo replaces it). Timestamp "
                + "watermarks run with a safety lag of 1 s instead of config's, so the changes made in step 2 are "
                + "old enough for step 3 (docs/WATERMARKS.md).");
        // 500 orders: change batch 1 inserts 0.5% (2), updates 1% (5) and deletes 0.1% (at least 1)
        assertThat(lines).contains("2. Source changes (batch 1): 2 orders inserted (with their lines and events), 5 "
                + "updated (status, updated_at), 1 deleted (with their lines)");
        assertThat(lines).filteredOn(l -> l.startsWith("  sales.orders        ") && l.contains(" rows in "))
                .hasSize(2)
                .satisfiesExactly(
                        backfill -> assertThat(backfill).startsWith("  sales.orders        500 rows in 1 chunk, "
                                + "validated, loaded (merge): 500 inserted, 0 updated, 0 deleted ("),
                        incremental -> assertThat(incremental).startsWith("  sales.orders        7 rows in 1 chunk, "
                                + "validated, loaded (merge): 2 inserted, 5 updated, 0 deleted ("));
        assertThat(lines).filteredOn(l -> l.matches("  sales\\.\\w+ +(backfill|incremental) .*"))
                .hasSize(10)
                .allSatisfy(l -> assertThat(l).endsWith("  passed"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(
                "  sales\\.orders +501 +502 +\\+1: rows of the 1 order deleted at the source \\(a timestamp "
                        + "watermark cannot see deletes: docs/WATERMARKS.md\\)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("  sales\\.customers +50 +50 +none"));
        assertThat(lines).contains("Every run validated and loaded; the warehouse equals the source except for what "
                + "the watermarks cannot see.");
        assertThat(work.resolve(".sluice/demo/lake/sluice-demo-lake/_sluice/state/demo/sales.orders/watermark.json"))
                .isRegularFile();
        assertThat(work.resolve(".sluice/lake")).as("the demo keeps out of sluice run's state").doesNotExist();

        String incrementalRun = lines.stream().filter(l -> l.matches("  sales\\.orders +incremental .*"))
                .findFirst().orElseThrow().split(" +")[3];
        CliRun report = CliRun.of(work, variables, "report", "--state", ".sluice/demo", "--config",
                RepositoryRoot.find().resolve("config/demo.yaml").toString(), "--run", incrementalRun, "--json");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        JsonNode document = new ObjectMapper().readTree(report.out());
        assertThat(document.path("passed").asBoolean()).isTrue();
        assertThat(document.path("load").path("rowsUpdated").asLong()).isEqualTo(5);
    }

    @Test
    void aSizeOutsideTheGeneratorsRangeIsBadInput() {
        CliRun demo = CliRun.of(work, Map.of("SLUICE_HOME", RepositoryRoot.find().toString()), "demo", "--rows", "5");

        assertThat(demo.exitCode()).isEqualTo(SluiceCli.EXIT_BAD_INPUT);
        assertThat(demo.errorLines()).containsExactly("sluice: the demo dataset takes between 100 and 20000000 "
                + "orders, not 5: pass --rows in that range");
        assertThat(work.resolve(".sluice")).doesNotExist();
    }
}
