package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyValueTest {

    @Test
    void jdbcValuesBecomeCanonicalTextAndBindBackToTheSameValue() {
        assertThat(KeyValue.fromJdbc(-42)).isEqualTo(new KeyValue("bigint", "-42"));
        assertThat(KeyValue.fromJdbc(-42L).toJdbc()).isEqualTo(-42L);
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        assertThat(KeyValue.fromJdbc(huge).toJdbc()).isEqualTo(new BigDecimal(huge));
        assertThat(KeyValue.fromJdbc(new BigDecimal("1.50")).value()).isEqualTo("1.50");
        assertThat(KeyValue.fromJdbc("Ärger Öl").toJdbc()).isEqualTo("Ärger Öl");
        LocalDateTime t = LocalDateTime.parse("2026-11-22T01:02:03.1234567");
        assertThat(KeyValue.fromJdbc(t).toJdbc()).isEqualTo(t);
        OffsetDateTime z = OffsetDateTime.parse("2026-11-22T03:02:03.123456+02:00");
        assertThat(KeyValue.fromJdbc(z)).isEqualTo(new KeyValue("timestamptz", "2026-11-22T01:02:03.123456Z"));
        assertThat(KeyValue.fromJdbc(z).toJdbc()).isEqualTo(z.withOffsetSameInstant(ZoneOffset.UTC));
        UUID u = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertThat(KeyValue.fromJdbc(u).toJdbc()).isEqualTo(u);
        assertThat(KeyValue.fromJdbc(new byte[] {1, (byte) 0xab})).isEqualTo(new KeyValue("binary", "01ab"));
        assertThat(KeyValue.fromJdbc(null)).isNull();
    }

    @Test
    void malformedValuesAreRejectedAtConstruction() {
        assertThatThrownBy(() -> new KeyValue("bigint", "12a")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> new KeyValue("money", "1")).hasMessageContaining("unknown key value type");
        assertThatThrownBy(() -> KeyValue.fromJdbc(new Object())).hasMessageContaining("java.lang.Object");
    }

    @Test
    void onlyNumbersAndTimesCompareAndStringsNever() {
        assertThat(KeyValue.ofLong(-5).compareTo(new KeyValue("decimal", "-4.5"))).isNegative();
        assertThat(KeyValue.ofRowversion(-1L).compareTo(KeyValue.ofRowversion(5))).isPositive(); // unsigned
        assertThat(KeyValue.ofInstant(Instant.parse("2026-01-01T00:00:00Z"))
                .compareTo(KeyValue.ofInstant(Instant.parse("2025-12-31T23:59:59.999999Z")))).isPositive();
        assertThatThrownBy(() -> KeyValue.ofString("a").compareTo(KeyValue.ofString("B")))
                .hasMessageContaining("only numbers, dates and timestamps");
    }
}
