package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AthenaLiteralsTest {

    @Test
    void numbersStayBareAndTextIsQuotedWithQuotesDoubled() {
        assertThat(AthenaLiterals.render(Arrays.asList(42L, new BigDecimal("1E+3"), "-17", "12.50", "c00001-abc",
                "O'Brien", null)))
                .containsExactly("42", "1000", "-17", "12.50", "'c00001-abc'", "'O''Brien'", "NULL");
    }

    @Test
    void timestampsAndDatesBecomeTypedLiteralsWithMicroseconds() {
        assertThat(AthenaLiterals.render(List.of(LocalDateTime.of(2026, 11, 20, 10, 0, 1, 500_000_000),
                "2026-11-20 10:00:00.123", OffsetDateTime.of(2026, 1, 1, 2, 0, 0, 0, ZoneOffset.ofHours(2)),
                LocalDate.of(2026, 2, 28), "2026-02-28")))
                .containsExactly("TIMESTAMP '2026-11-20 10:00:01.500000'", "TIMESTAMP '2026-11-20 10:00:00.123000'",
                        "TIMESTAMP '2026-01-01 00:00:00.000000'", "DATE '2026-02-28'", "DATE '2026-02-28'");
    }
}
