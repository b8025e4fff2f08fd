package dev.sluice.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The value conversions of docs/TYPES.md, value by value. SQL Server is not available on this machine (no Docker),
 * so its types (datetime2(7), datetimeoffset, uniqueidentifier, money, rowversion) are tested here through the
 * conversion functions with the Java values mssql-jdbc returns for them.
 */
class LakeValuesTest {

    @Test
    void datetime2WithSevenDigitsDropsTheSeventh() {
        LocalDateTime v = LocalDateTime.parse("2024-05-01T12:00:00.1234567");
        assertThat(LakeValues.localMicros(v))
                .isEqualTo(LocalDateTime.parse("2024-05-01T12:00:00.123456").toEpochSecond(ZoneOffset.UTC) * 1_000_000
                        + 123_456);
        // before 1970 the dropped digit still moves to the earlier microsecond (floor, not toward zero)
        assertThat(LakeValues.localMicros(LocalDateTime.parse("1969-12-31T23:59:59.9999999"))).isEqualTo(-1);
        assertThat(LakeValues.localMicros(LocalDateTime.parse("0001-01-01T00:00:00"))).isEqualTo(-62135596800000000L);
    }

    @Test
    void datetimeoffsetIsTheInstantPlusOffsetMinutes() {
        OffsetDateTime v = OffsetDateTime.parse("2026-03-29T02:30:00.9999999+05:30");
        assertThat(LakeValues.instantMicros(v)).isEqualTo(
                OffsetDateTime.parse("2026-03-28T21:00:00.999999Z").toEpochSecond() * 1_000_000 + 999_999);
        assertThat(LakeValues.offsetMinutes(v.getOffset())).isEqualTo(330);
        assertThat(LakeValues.offsetMinutes(ZoneOffset.ofHoursMinutes(-14, 0))).isEqualTo(-840);
        assertThatThrownBy(() -> LakeValues.offsetMinutes(ZoneOffset.ofTotalSeconds(3_601)))
                .hasMessageContaining("seconds part");
    }

    @Test
    void uniqueidentifierIsUpperCaseText() {
        assertThat(LakeValues.uniqueIdentifier("6f9619ff-8b86-d011-b42d-00c04fc964ff"))
                .isEqualTo("6F9619FF-8B86-D011-B42D-00C04FC964FF");
        assertThatThrownBy(() -> LakeValues.uniqueIdentifier("6f9619ff8b86d011b42d00c04fc964ff"))
                .isInstanceOf(ValueProblem.class);
    }

    @Test
    void moneyRangesFitTheirDecimals() {
        BigDecimal maxMoney = new BigDecimal("922337203685477.5807");
        assertThat(LakeValues.rescale(maxMoney, 19, 4, false)).isEqualByComparingTo(maxMoney);
        assertThat(LakeValues.rescale(new BigDecimal("-922337203685477.5808"), 19, 4, false).unscaledValue())
                .isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
        assertThat(LakeValues.rescale(new BigDecimal("214748.3647"), 10, 4, false).unscaledValue().intValueExact())
                .isEqualTo(2147483647);
        byte[] nine = new byte[9];
        LakeValues.fixedBytes(BigInteger.valueOf(Long.MIN_VALUE), nine);
        assertThat(new BigInteger(nine)).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
        assertThat(nine[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void decimalRescaleRules() {
        // exact mapping: never rounds
        assertThatThrownBy(() -> LakeValues.rescale(new BigDecimal("1.005"), 12, 2, false))
                .hasMessageContaining("more than 2 fractional digits");
        // acceptLossy: half away from zero
        assertThat(LakeValues.rescale(new BigDecimal("1.005"), 12, 2, true)).isEqualTo(new BigDecimal("1.01"));
        assertThat(LakeValues.rescale(new BigDecimal("-1.005"), 12, 2, true)).isEqualTo(new BigDecimal("-1.01"));
        // integer digits are never clamped
        assertThatThrownBy(() -> LakeValues.rescale(new BigDecimal("1e28"), 38, 10, true))
                .hasMessageContaining("more than 28 integer digits");
        assertThat(LakeValues.rescale(new BigDecimal("9999999999999999999999999999.99999999994"), 38, 10, true))
                .isEqualTo(new BigDecimal("9999999999999999999999999999.9999999999"));
        // rounding that carries into a 29th integer digit fails too
        assertThatThrownBy(() -> LakeValues.rescale(
                new BigDecimal("9999999999999999999999999999.99999999995"), 38, 10, true))
                .isInstanceOf(ValueProblem.class);
        assertThat(LakeValues.rescale(new BigDecimal("12300"), 5, 0, false)).isEqualTo(new BigDecimal("12300"));
    }

    @Test
    void rowversionIsBigEndianAndFailsAtTwoToThe63() {
        assertThat(LakeValues.rowversion(new byte[]{0, 0, 0, 0, 0, 0, 0x07, (byte) 0xD1})).isEqualTo(2001);
        assertThat(LakeValues.rowversion(new byte[]{0x7F, -1, -1, -1, -1, -1, -1, -1})).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> LakeValues.rowversion(new byte[]{(byte) 0x80, 0, 0, 0, 0, 0, 0, 0}))
                .hasMessageContaining("2^63");
    }

    @Test
    void postgresEdgeValuesFail() {
        assertThatThrownBy(() -> LakeValues.timeMicros(LocalTime.MAX)).hasMessageContaining("24:00:00");
        assertThat(LakeValues.timeMicros(LocalTime.parse("23:59:59.999999"))).isEqualTo(86_399_999_999L);
        assertThatThrownBy(() -> LakeValues.epochDay(LocalDate.MAX)).hasMessageContaining("infinity");
        assertThatThrownBy(() -> LakeValues.epochDay(LocalDate.MIN)).hasMessageContaining("-infinity");
        assertThatThrownBy(() -> LakeValues.epochDay(LocalDate.of(294277, 1, 1))).hasMessageContaining("294276");
        assertThatThrownBy(() -> LakeValues.instantMicros(OffsetDateTime.MAX)).hasMessageContaining("infinity");
        assertThatThrownBy(() -> LakeValues.localMicros(LocalDateTime.MIN)).hasMessageContaining("-infinity");
        // PostgreSQL's first date, 4713 BC (proleptic Gregorian year -4712), is carried: Julian day 0 is Gregorian
        // -4713-11-24 = epoch day -2440588, and 4713 BC January 1 is 38 days later
        assertThat(LakeValues.epochDay(LocalDate.of(-4712, 1, 1))).isEqualTo(-2440588 + 38);
    }

    @Test
    void timetzIsNormalisedToUtcAndWraps() {
        assertThat(LakeValues.utcTimeMicros(OffsetTime.parse("01:00:00+02:00"))).isEqualTo(23L * 3_600_000_000L);
        assertThat(LakeValues.utcTimeMicros(OffsetTime.parse("23:30:00-01:00"))).isEqualTo(30L * 60_000_000L);
    }
}
