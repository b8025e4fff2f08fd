package dev.sluice.core.types;

/**
 * How the extractor reads a column's value from a JDBC {@code ResultSet}, chosen so primitives are read without
 * boxing ({@code getLong}, {@code getInt}, ... followed by {@code wasNull()}).
 */
public enum JdbcReadKind {
    /** {@code getLong}. */
    LONG,
    /** {@code getInt}. */
    INT,
    /** {@code getShort} (also for SQL Server tinyint, 0..255, which does not fit a signed Java byte). */
    SHORT,
    /** {@code getBoolean}. */
    BOOLEAN,
    /** {@code getDouble}. */
    DOUBLE,
    /** {@code getFloat}. */
    FLOAT,
    /** {@code getBigDecimal}; never through {@code double}. */
    DECIMAL,
    /** {@code getString}. */
    STRING,
    /** {@code getBytes}. */
    BYTES,
    /** {@code getObject(i, LocalDate.class)}. */
    DATE,
    /** {@code getObject(i, LocalTime.class)}. */
    TIME,
    /** {@code getObject(i, OffsetTime.class)} (PostgreSQL timetz). */
    OFFSET_TIME,
    /** {@code getObject(i, LocalDateTime.class)}. */
    LOCAL_DATETIME,
    /** {@code getObject(i, OffsetDateTime.class)}. */
    OFFSET_DATETIME,
    /** {@code getObject(i, UUID.class)} (PostgreSQL uuid), written as its canonical lower-case text. */
    UUID,
    /**
     * {@code getBytes} of an 8-byte SQL Server rowversion, decoded big-endian into a {@code long}. A value with the
     * top bit set (at or beyond 2^63) cannot be represented and fails the chunk naming the column.
     */
    ROWVERSION_LONG
}
