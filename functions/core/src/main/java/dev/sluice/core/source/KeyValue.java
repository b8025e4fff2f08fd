package dev.sluice.core.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * One value of a key, a bound or a watermark in its canonical, typed text form, so that it survives a JSON round
 * trip exactly and binds back to the source as the same SQL value: {@code {"type":"bigint","value":"-42"}}.
 *
 * <p>Types and their canonical text: {@code bigint} (any integer, decimal digits), {@code decimal} (plain
 * {@link BigDecimal#toPlainString()}), {@code string}, {@code timestamp} (ISO local date-time, no zone),
 * {@code timestamptz} (ISO instant in UTC), {@code date}, {@code time}, {@code uuid}, {@code binary} (lower-case
 * hex), {@code boolean}, and {@code rowversion} (SQL Server's 8-byte counter as an unsigned decimal number, bound
 * as {@code binary(8)} so comparisons stay sargable).
 *
 * <p>Values are never compared by Sluice's planner (the source's collation decides order); the watermark
 * calculations compare only numbers and instants, through {@link #compareTo(KeyValue)}.
 */
public record KeyValue(String type, String value) {

    public static final String BIGINT = "bigint";
    public static final String DECIMAL = "decimal";
    public static final String STRING = "string";
    public static final String TIMESTAMP = "timestamp";
    public static final String TIMESTAMPTZ = "timestamptz";
    public static final String DATE = "date";
    public static final String TIME = "time";
    public static final String UUID_TYPE = "uuid";
    public static final String BINARY = "binary";
    public static final String BOOLEAN = "boolean";
    public static final String ROWVERSION = "rowversion";

    public KeyValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        switch (type) {
            case BIGINT, ROWVERSION -> new BigInteger(value);
            case DECIMAL -> new BigDecimal(value);
            case TIMESTAMP -> LocalDateTime.parse(value);
            case TIMESTAMPTZ -> Instant.parse(value);
            case DATE -> LocalDate.parse(value);
            case TIME -> LocalTime.parse(value);
            case UUID_TYPE -> UUID.fromString(value);
            case BINARY -> HexFormat.of().parseHex(value);
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("boolean key value must be true or false, not " + value);
                }
            }
            case STRING -> { }
            default -> throw new IllegalArgumentException("unknown key value type '" + type + "'");
        }
    }

    public static KeyValue ofLong(long v) {
        return new KeyValue(BIGINT, Long.toString(v));
    }

    public static KeyValue ofString(String v) {
        return new KeyValue(STRING, v);
    }

    public static KeyValue ofTimestamp(LocalDateTime v) {
        return new KeyValue(TIMESTAMP, v.toString());
    }

    public static KeyValue ofInstant(Instant v) {
        return new KeyValue(TIMESTAMPTZ, v.toString());
    }

    public static KeyValue ofRowversion(long v) {
        return new KeyValue(ROWVERSION, Long.toUnsignedString(v));
    }

    /**
     * The canonical value of something a JDBC driver returned. {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException naming the Java type when it cannot serve as a key
     */
    public static KeyValue fromJdbc(Object v) {
        if (v == null) {
            return null;
        }
        return switch (v) {
            case Long l -> ofLong(l);
            case Integer i -> ofLong(i);
            case Short s -> ofLong(s);
            case Byte b -> ofLong(b);
            case BigInteger b -> new KeyValue(BIGINT, b.toString());
            case BigDecimal d -> new KeyValue(DECIMAL, d.toPlainString());
            case String s -> ofString(s);
            case Character c -> ofString(c.toString());
            case LocalDateTime t -> ofTimestamp(t);
            case Timestamp t -> ofTimestamp(t.toLocalDateTime());
            case OffsetDateTime t -> ofInstant(t.toInstant());
            case Instant t -> ofInstant(t);
            case LocalDate d -> new KeyValue(DATE, d.toString());
            case java.sql.Date d -> new KeyValue(DATE, d.toLocalDate().toString());
            case LocalTime t -> new KeyValue(TIME, t.toString());
            case java.sql.Time t -> new KeyValue(TIME, t.toLocalTime().toString());
            case UUID u -> new KeyValue(UUID_TYPE, u.toString());
            case byte[] b -> new KeyValue(BINARY, HexFormat.of().formatHex(b));
            case Boolean b -> new KeyValue(BOOLEAN, b.toString());
            default -> throw new IllegalArgumentException(
                    "a value of Java type " + v.getClass().getName() + " cannot be used as a key or watermark");
        };
    }

    /** The value to pass to {@link java.sql.PreparedStatement#setObject(int, Object)}. */
    public Object toJdbc() {
        return switch (type) {
            case BIGINT -> {
                BigInteger b = new BigInteger(value);
                yield b.bitLength() < 64 ? (Object) b.longValueExact() : new BigDecimal(b);
            }
            case DECIMAL -> new BigDecimal(value);
            case STRING -> value;
            case TIMESTAMP -> LocalDateTime.parse(value);
            case TIMESTAMPTZ -> Instant.parse(value).atOffset(ZoneOffset.UTC);
            case DATE -> LocalDate.parse(value);
            case TIME -> LocalTime.parse(value);
            case UUID_TYPE -> UUID.fromString(value);
            case BINARY -> HexFormat.of().parseHex(value);
            case BOOLEAN -> Boolean.valueOf(value);
            case ROWVERSION -> ByteBuffer.allocate(8).putLong(new BigInteger(value).longValue()).array();
            default -> throw new IllegalStateException(type);
        };
    }

    /** True for types with a total order Sluice may compute with (numbers, instants, dates, rowversions). */
    public boolean ordered() {
        return switch (type) {
            case BIGINT, DECIMAL, ROWVERSION, TIMESTAMP, TIMESTAMPTZ, DATE -> true;
            default -> false;
        };
    }

    /**
     * Compares two values of the same ordered type (numbers, instants, dates, rowversions). Strings and other
     * collation-dependent types are never compared in Java.
     */
    public int compareTo(KeyValue other) {
        if (!ordered() || !other.ordered() || !(sameFamily(other))) {
            throw new IllegalArgumentException("cannot compare " + this + " with " + other
                    + ": only numbers, dates and timestamps of the same type are compared");
        }
        return switch (type) {
            case BIGINT, DECIMAL, ROWVERSION -> new BigDecimal(value).compareTo(new BigDecimal(other.value));
            case TIMESTAMP -> LocalDateTime.parse(value).compareTo(LocalDateTime.parse(other.value));
            case TIMESTAMPTZ -> Instant.parse(value).compareTo(Instant.parse(other.value));
            case DATE -> LocalDate.parse(value).compareTo(LocalDate.parse(other.value));
            default -> throw new IllegalStateException(type);
        };
    }

    private boolean sameFamily(KeyValue other) {
        boolean numeric = isNumeric() && other.isNumeric();
        return numeric || type.equals(other.type);
    }

    private boolean isNumeric() {
        return type.equals(BIGINT) || type.equals(DECIMAL) || type.equals(ROWVERSION);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
