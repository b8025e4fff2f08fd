package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.demo.DemoDatabase;
import dev.sluice.local.demo.DemoDataset;
import dev.sluice.local.demo.DemoScale;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice demo}: generation at a size and seed, its digest, reuse, and change batches that persist. */
class DemoDatabaseCommandIT {

    @TempDir
    Path work;

    @Test
    void generatesOnceReportsTheDigestAndKeepsAppliedChanges() throws Exception {
        String expectedDigest;
        try (DemoDatabase reference = DemoDatabase.openTemporary(new DemoScale(500, 3));
                Connection c = reference.connect()) {
            expectedDigest = DemoDataset.digest(c).combined();
        }

        CliRun first = CliRun.of(work, Map.of(), "demo", "database", "--rows", "500", "--seed", "3", "--digest");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("Demo database in .sluice/demo-pg: 500 orders, seed 3 (generated now: ")
                .containsPattern("\\n  sales\\.orders +500\\n")
                .containsPattern("\\n  sales\\.customers +50\\n")
                .contains("  digest  " + expectedDigest + "\n");

        CliRun changes = CliRun.of(work, Map.of(), "demo", "database", "--changes", "1");
        assertThat(changes.exitCode()).as(changes.toString()).isZero();
        assertThat(changes.out()).contains("500 orders, seed 3 (already generated)")
                .contains("Change batch 1: 2 orders inserted, 5 updated, 1 deleted")
                .containsPattern("\\n  sales\\.orders +501\\n");

        CliRun again = CliRun.of(work, Map.of(), "demo", "database", "--digest");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("(already generated)").containsPattern("\\n  sales\\.orders +501\\n")
                .doesNotContain(expectedDigest);

        CliRun sameSize = CliRun.of(work, Map.of(), "demo", "database", "--rows", "500", "--seed", "3");
        assertThat(sameSize.out()).as("the same size keeps applied changes").contains("(already generated)")
                .containsPattern("\\n  sales\\.orders +501\\n");

        CliRun regenerated = CliRun.of(work, Map.of(), "demo", "database", "--regenerate", "--digest");
        assertThat(regenerated.exitCode()).as(regenerated.toString()).isZero();
        assertThat(regenerated.out()).contains("500 orders, seed 3 (generated now: ")
                .containsPattern("\\n  sales\\.orders +500\\n").contains("  digest  " + expectedDigest + "\n");
    }

    @Test
    void badSizesAndBatchesAreBadInput() {
        CliRun rows = CliRun.of(work, Map.of(), "demo", "database", "--rows", "0");
        assertThat(rows.exitCode()).isEqualTo(2);
        assertThat(rows.errorLines()).singleElement().asString().contains("--rows");
        CliRun batch = CliRun.of(work, Map.of(), "demo", "database", "--changes", "0");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.errorLines()).singleElement().asString().contains("numbered from 1");
    }
}
