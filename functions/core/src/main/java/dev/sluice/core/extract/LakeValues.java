package dev.sluice.core.extract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The conversions from JDBC values to lake values that {@code docs/TYPES.md} prescribes: microseconds, UTC
 * adjustment, offsets in minutes, decimal rescaling, rowversion decoding and SQL Server's upper-case uuid text. Each
 * is a pure function; a value the mapping cannot carry raises {@link ValueProblem} with the fix.
 */
final class LakeValues {

    static final String AS_STRING = "set the column's policy to asString (keeps the source's own text) or exclude it";

    /** Redshift's last date (and the last day a TIMESTAMP(MICROS) covers): later values fail the chunk. */
    static final LocalDate LAST_DATE = LocalDate.of(294276, 12, 31);

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final Pattern UNIQUEIDENTIFIER =
            Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

    private LakeValues() {
    }

    /**
     * An instant as microseconds since the epoch in UTC. A 7th fractional digit (SQL Server datetimeoffset(7)) is
     * dropped, moving the value to the earlier microsecond (floor, also before 1970). PostgreSQL
     * {@code 'infinity'}/{@code '-infinity'} (which the driver returns as {@code OffsetDateTime.MAX/MIN}) fail.
     */
    static long instantMicros(OffsetDateTime value) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN)) {
            throw new ValueProblem("the timestamp is " + (value.equals(OffsetDateTime.MAX) ? "" : "-")
                    + "infinity, which no lake timestamp can hold", AS_STRING);
        }
        return epochMicros(value.toEpochSecond(), value.getNano(), value.toLocalDate());
    }

    /** A local date-time as microseconds since 1970-01-01T00:00 of the wall clock (7th digit dropped, floor). */
    static long localMicros(LocalDateTime value) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            throw new ValueProblem("the timestamp is " + (value.equals(LocalDateTime.MAX) ? "" : "-")
                    + "infinity, which no lake timestamp can hold", AS_STRING);
        }
        return epochMicros(value.toEpochSecond(ZoneOffset.UTC), value.getNano(), value.toLocalDate());
    }

    private static long epochMicros(long epochSecond, int nano, LocalDate date) {
        if (date.isAfter(LAST_DATE)) {
            throw new ValueProblem("the timestamp " + date + " is after " + LAST_DATE
                    + ", the last day Redshift and TIMESTAMP(MICROS) hold", AS_STRING);
        }
        try {
            return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nano / 1_000);
        } catch (ArithmeticException e) {
            throw new ValueProblem("the timestamp on " + date + " is outside the microsecond range of a 64-bit "
                    + "TIMESTAMP(MICROS)", AS_STRING);
        }
    }

    /** The offset in whole minutes east of UTC; an offset with a seconds part fails. */
    static int offsetMinutes(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        if (seconds % 60 != 0) {
            throw new ValueProblem("the offset " + offset + " has a seconds part, which the minutes column "
                    + "cannot hold", AS_STRING);
        }
        return seconds / 60;
    }

    /** Days since 1970-01-01. PostgreSQL infinity dates and dates after 294276-12-31 fail. */
    static int epochDay(LocalDate value) {
        if (value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN)) {
            throw new ValueProblem("the date is " + (value.equals(LocalDate.MAX) ? "" : "-")
                    + "infinity, which no lake date can hold", AS_STRING);
        }
        if (value.isAfter(LAST_DATE)) {
            throw new ValueProblem("the date " + value + " is after " + LAST_DATE + ", Redshift's last date",
                    AS_STRING);
        }
        return Math.toIntExact(value.toEpochDay());
    }

    /**
     * Microseconds after midnight (7th digit dropped). PostgreSQL's {@code 24:00:00}, which the driver returns as
     * {@code LocalTime.MAX}, fails: TIME(MICROS) ends at 23:59:59.999999.
     */
    static long timeMicros(LocalTime value) {
        if (value.equals(LocalTime.MAX)) {
            throw new ValueProblem("the time is 24:00:00 (or 23:59:59.999999999), which TIME(MICROS) cannot hold",
                    AS_STRING);
        }
        return value.toNanoOfDay() / 1_000;
    }

    /** A timetz's time of day normalised to UTC, in microseconds after midnight, wrapping at 24 h. */
    static long utcTimeMicros(OffsetTime value) {
        long local = timeMicros(value.toLocalTime());
        offsetMinutes(value.getOffset());
        return Math.floorMod(local - value.getOffset().getTotalSeconds() * 1_000_000L, MICROS_PER_DAY);
    }

    /** An 8-byte big-endian SQL Server rowversion as a signed long; at or beyond 2^63 fails. */
    static long rowversion(byte[] value) {
        if (value.length != 8) {
            throw new ValueProblem("the rowversion has " + value.length + " bytes, not 8",
                    "check that the column is rowversion/timestamp");
        }
        long v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        if (v < 0) {
            throw new ValueProblem("the rowversion 0x" + Long.toHexString(v) + " is at or beyond 2^63, which a signed "
                    + "64-bit lake column cannot hold", AS_STRING);
        }
        return v;
    }

    /** SQL Server uniqueidentifier text in SQL Server's own form: 36 characters, upper case. */
    static String uniqueIdentifier(String value) {
        if (!UNIQUEIDENTIFIER.matcher(value).matches()) {
            throw new ValueProblem("'" + value + "' is not uniqueidentifier text", "check the column's type");
        }
        return value.toUpperCase(Locale.ROOT);
    }

    /**
     * The value at the lake column's scale. Exact mappings never round: a value with more fractional digits than the
     * lake column fails. Under acceptLossy it is rounded half away from zero ({@code HALF_UP}, PostgreSQL's
     * {@code round()}). Either way a value with more integer digits than {@code precision - scale} fails: it is
     * never clamped.
     */
    static BigDecimal rescale(BigDecimal value, int precision, int scale, boolean lossyAccepted) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale, lossyAccepted ? RoundingMode.HALF_UP : RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new ValueProblem("the decimal " + value.toPlainString() + " has more than " + scale
                    + " fractional digits and the mapping is exact", "set acceptLossy (rounds to " + scale
                    + " digits) or asString on the column");
        }
        if (scaled.precision() > precision && scaled.signum() != 0) {
            throw new ValueProblem("the decimal " + value.toPlainString() + " has more than " + (precision - scale)
                    + " integer digits and does not fit DECIMAL(" + precision + "," + scale + ")", AS_STRING);
        }
        return scaled;
    }

    /** {@code unscaled} as a big-endian two's complement of exactly {@code out.length} bytes (sign-extended). */
    static void fixedBytes(BigInteger unscaled, byte[] out) {
        byte[] minimal = unscaled.toByteArray();
        if (minimal.length > out.length) {
            throw new ValueProblem("the unscaled decimal " + unscaled + " needs " + minimal.length + " bytes, more than "
                    + out.length, AS_STRING);
        }
        int pad = out.length - minimal.length;
        byte fill = unscaled.signum() < 0 ? (byte) 0xFF : 0;
        for (int i = 0; i < pad; i++) {
            out[i] = fill;
        }
        System.arraycopy(minimal, 0, out, pad, minimal.length);
    }
}
