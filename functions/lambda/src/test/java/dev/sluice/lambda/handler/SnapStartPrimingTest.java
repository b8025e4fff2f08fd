package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void writesACompleteParquetFileWithEachLakeCodec() {
        Map<String, Integer> sizes = SnapStartPriming.prime();

        assertThat(sizes).containsOnlyKeys("ZSTD", "SNAPPY");
        // 100 rows of three columns plus footer: more than the 8 bytes of magic, far less than uncompressed text.
        assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isBetween(200, 4000));
    }

    @Test
    void primesOnlyInTheSnapStartInitPhase() {
        assertThat(SnapStartPriming.snapshotting(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))).isTrue();
        assertThat(SnapStartPriming.snapshotting(Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"))).isFalse();
        assertThat(SnapStartPriming.snapshotting(Map.of())).isFalse();
    }
}
