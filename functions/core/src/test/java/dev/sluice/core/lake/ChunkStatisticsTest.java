package dev.sluice.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkStatisticsTest {

    @Test
    void countsNullsPerColumnAndSumsExactlyPastLongOverflow() {
        ChunkStatistics stats = new ChunkStatistics(List.of("id", "amount", "note"), List.of("id", "amount"));
        stats.row(1);
        stats.add(0, Long.MAX_VALUE);
        stats.add(1, new BigDecimal("0.10"));
        stats.nullValue(2);
        stats.row(2);
        stats.add(0, Long.MAX_VALUE);
        stats.add(1, new BigDecimal("0.20"));
        stats.nullValue(2);
        stats.row(3);
        stats.add(0, -5);
        stats.nullValue(1);
        stats.nullValue(2);

        assertThat(stats.rowCount()).isEqualTo(3);
        assertThat(stats.nullCounts()).containsExactly(
                java.util.Map.entry("amount", 1L), java.util.Map.entry("id", 0L), java.util.Map.entry("note", 3L));
        assertThat(stats.sums()).containsOnlyKeys("amount", "id")
                .containsEntry("amount", "0.30")
                .containsEntry("id", BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO)
                        .subtract(BigInteger.valueOf(5)).toString());
        assertThat(stats.rowHashDigest()).isEqualTo(new RowHashDigest(3, "6", "0000000000000000"));
    }

    @Test
    void negativeOverflowAndOnlyNullsAreExactToo() {
        ChunkStatistics stats = new ChunkStatistics(List.of("n", "m"), List.of("n", "m"));
        for (int i = 0; i < 3; i++) {
            stats.add(0, Long.MIN_VALUE);
        }
        stats.nullValue(1);

        assertThat(stats.sums()).containsEntry("n",
                BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.valueOf(3)).toString())
                .containsEntry("m", "0");
    }

    @Test
    void onlyDeclaredColumnsAreSummed() {
        assertThatThrownBy(() -> new ChunkStatistics(List.of("a"), List.of("b"))).hasMessageContaining("'b'");
        ChunkStatistics stats = new ChunkStatistics(List.of("price"), List.of());
        assertThatThrownBy(() -> stats.add(0, 1L)).hasMessageContaining("'price'");
    }
}
