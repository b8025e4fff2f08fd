package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate's arithmetic with fixed inputs, figures worked out by hand from the formulas in
 * {@link MigrationEstimate} and the prices in {@link UnitPrices}; the bandwidth forms; and the plan options that
 * are refused before any source is contacted.
 */
class MigrationEstimateTest {

    private static final UnitPrices PRICES = UnitPrices.US_EAST_1;

    @TempDir
    Path dir;

    @Test
    void aNetworkBoundTableAtOneHundredMegabits() {
        // 10M rows, 2 GB at the source, 100 chunks, 4:1 compression, 50k rows/s a stream, 4 streams, 100 Mbps.
        MigrationEstimate.Figures f = MigrationEstimate.of(new MigrationEstimate.Inputs(10_000_000, 2_000_000_000L,
                100, 4.0, 50_000, 4, 12_500_000, 2048), PRICES);

        assertThat(f.parquetBytes()).isEqualTo(500_000_000L);
        assertThat(f.networkSeconds()).isEqualTo(160.0);         // 2e9 B / 12.5e6 B/s
        assertThat(f.extractSeconds()).isEqualTo(50.0);          // 1e7 rows / (5e4 * 4)
        assertThat(f.durationSeconds()).isEqualTo(160.0);
        assertThat(f.boundBy()).isEqualTo("network");

        MigrationEstimate.Cost c = f.cost();
        assertThat(c.lambdaGbSeconds()).isEqualTo(1_293.0);      // 160 s * 4 streams * 2 GB + 13 orchestration
        assertThat(c.lambdaRequests()).isEqualTo(113);           // 100 chunks + 13
        assertThat(c.lambdaUsd()).isCloseTo(1_293 * 0.0000166667 + 113 * 0.20 / 1e6, within(1e-12));
        assertThat(c.stepFunctionsTransitions()).isEqualTo(230); // 30 + 2 * 100
        assertThat(c.stepFunctionsUsd()).isCloseTo(0.00575, within(1e-12));
        assertThat(c.s3PutRequests()).isEqualTo(408);            // 100 * (create + 1 part + complete + manifest) + 8
        assertThat(c.s3PutUsd()).isCloseTo(0.00204, within(1e-12));
        assertThat(c.s3StorageUsdPerMonth()).isCloseTo(500_000_000 / 1073741824.0 * 0.023, within(1e-12));
        assertThat(c.athenaBytesScanned()).isEqualTo(500_000_000L);
        assertThat(c.athenaUsd()).isCloseTo(500_000_000 / 1099511627776.0 * 5.0, within(1e-12));
        assertThat(c.totalUsd()).isCloseTo(c.lambdaUsd() + 0.00575 + 0.00204 + c.s3StorageUsdPerMonth()
                + c.athenaUsd(), within(1e-12));
        assertThat(c.totalUsd()).isCloseTo(0.042347, within(1e-6));
    }

    @Test
    void anExtractionBoundTableWithLargeChunksAndAFloorOnAthena() {
        // 1M rows of 500 MB, 10 chunks, 2:1, 1,000 rows/s a stream, 2 streams, 1 Gbps, 1 GB functions.
        MigrationEstimate.Figures f = MigrationEstimate.of(new MigrationEstimate.Inputs(1_000_000, 500_000_000L,
                10, 2.0, 1_000, 2, 125_000_000, 1024), PRICES);
        assertThat(f.parquetBytes()).isEqualTo(250_000_000L);
        assertThat(f.networkSeconds()).isEqualTo(4.0);
        assertThat(f.extractSeconds()).isEqualTo(500.0);
        assertThat(f.durationSeconds()).isEqualTo(500.0);
        assertThat(f.boundBy()).isEqualTo("extraction");
        assertThat(f.cost().lambdaGbSeconds()).isEqualTo(500 * 2 * 1.0 + 13);
        // 25 MB a chunk is 2 parts of 16 MiB: 10 * (3 + 2) + 8
        assertThat(f.cost().s3PutRequests()).isEqualTo(58);

        MigrationEstimate.Figures tiny = MigrationEstimate.of(new MigrationEstimate.Inputs(100, 10_000, 1, 5.0,
                1_000, 4, 125_000_000, 2048), PRICES);
        assertThat(tiny.parquetBytes()).isEqualTo(2_000);
        assertThat(tiny.cost().athenaBytesScanned()).as("10 MiB minimum a query").isEqualTo(10L * 1024 * 1024);

        MigrationEstimate.Figures total = MigrationEstimate.total(List.of(f, tiny));
        assertThat(total.rows()).isEqualTo(1_000_100);
        assertThat(total.chunks()).isEqualTo(11);
        assertThat(total.durationSeconds()).as("tables one after another")
                .isEqualTo(f.durationSeconds() + tiny.durationSeconds());
        assertThat(total.cost().totalUsd()).isCloseTo(f.cost().totalUsd() + tiny.cost().totalUsd(), within(1e-12));
        assertThat(total.cost().stepFunctionsTransitions()).isEqualTo(30 + 2 * 10 + 30 + 2);
    }

    @Test
    void bandwidthAcceptsBitAndByteRates() {
        assertThat(Bandwidth.parse("--bandwidth", "100Mbps").bytesPerSecond()).isEqualTo(12_500_000.0);
        assertThat(Bandwidth.parse("--bandwidth", "1Gbps").bytesPerSecond()).isEqualTo(125_000_000.0);
        assertThat(Bandwidth.parse("--bandwidth", "800 kbps").bytesPerSecond()).isEqualTo(100_000.0);
        assertThat(Bandwidth.parse("--bandwidth", "8bps").bytesPerSecond()).isEqualTo(1.0);
        assertThat(Bandwidth.parse("--bandwidth", "12.5MB/s").bytesPerSecond()).isEqualTo(12_500_000.0);
        assertThat(Bandwidth.parse("--bandwidth", "2 GB/s").bytesPerSecond()).isEqualTo(2e9);
        assertThat(Bandwidth.parse("--bandwidth", "40KB/s").bytesPerSecond()).isEqualTo(40_000.0);
        for (String bad : List.of("fast", "100", "100Mb/s", "Mbps", "-5Mbps", "100 Tbps", "")) {
            assertThatThrownBy(() -> Bandwidth.parse("--bandwidth", bad)).as(bad)
                    .isInstanceOf(CommandFailure.class).hasMessageContaining("--bandwidth '" + bad + "'")
                    .hasMessageContaining("e.g. --bandwidth 100Mbps");
        }
        assertThatThrownBy(() -> Bandwidth.parse("--bandwidth", "0Mbps")).hasMessageContaining("more than zero");
    }

    @Test
    void badEstimateOptionsAreOneLineBeforeAnySourceIsContacted() {
        TestConfigs.write(dir, "demo.yaml", TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS));
        Map<String, String> expected = Map.of(
                "--bandwidth=fast", "sluice: --bandwidth 'fast' is not a bandwidth",
                "--streams=0", "sluice: --streams 0 must be between 1 and 1000, e.g. --streams 4",
                "--sample-rows=0", "sluice: --sample-rows 0 must be at least 1",
                "--lambda-memory-mb=64", "sluice: --lambda-memory-mb 64 is outside Lambda's 128..10240 MB");
        expected.forEach((option, message) -> {
            CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "demo.yaml", option);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).as(option).doesNotContain("starting the embedded demo");
            assertThat(run.errorLines()).singleElement().asString().startsWith(message);
        });
        assertThat(dir.resolve(".sluice")).doesNotExist();

        CliRun notANumber = CliRun.of(dir, Map.of(), "plan", "--config", "demo.yaml", "--streams", "four");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.errorLines()).singleElement().asString().contains("--streams").contains("four");
    }
}
