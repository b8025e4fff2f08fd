package dev.sluice.core.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.source.KeyValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.config.ColumnOverride;
import dev.sluice.core.lake.ChunkStatistics;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.Fidelity;
import dev.sluice.core.types.LakeColumn;
import dev.sluice.core.types.LogicalType;
import dev.sluice.core.types.PhysicalType;
import dev.sluice.core.types.ProjectionKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads one source column of the current row with the primitive getter its {@link dev.sluice.core.types.JdbcReadKind}
 * names, converts it to the lake representation ({@link LakeValues}), feeds the {@link RowHasher} and, when writing,
 * stores it in the current row of a {@link RowBatch}; and keeps the column's chunk statistics (nulls, exact sums) and its last value
 * (for key bounds). Primitive paths do not box; text reuses one UTF-8 buffer.
 */
abstract sealed class ColumnReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final String column;
    final String lakeName;
    final int jdbcIndex;
    final int field;
    final List<LakeColumn> lakeColumns;
    /** How the column is read, which also decides its typed key form ({@link #lastKeyValue()}). */
    final dev.sluice.core.types.JdbcReadKind readKind;
    /** The chunk's statistics (null when only hashing) and this column's first position in them. */
    ChunkStatistics stats;
    int statIndex;
    boolean lastNull;
    /** True for the chunk's key columns, the only ones whose last value is asked for. */
    boolean key;
    /** The source type name and projection, which decide whether the binary COPY decoder can read the column. */
    final String sourceType;
    final ProjectionKind projection;

    ColumnReader(ColumnMapping mapping, int jdbcIndex, int field) {
        this.column = mapping.source().name();
        this.lakeColumns = mapping.lakeColumns();
        this.readKind = mapping.readKind();
        this.lakeName = lakeColumns.getFirst().name();
        this.jdbcIndex = jdbcIndex;
        this.field = field;
        this.sourceType = mapping.source().typeName();
        this.projection = mapping.projection();
    }

    /**
     * True when {@link #decode} reads this column from PostgreSQL's binary COPY stream with exactly the values,
     * hash and statistics {@link #read} gives through the driver: a PostgreSQL type whose binary form is decoded
     * here, read the way the type mapping reads that type, selected as it is (no projection), one lake column.
     */
    final boolean decodesBinaryCopy() {
        if (projection != ProjectionKind.DIRECT || lakeColumns.size() != 1) {
            return false;
        }
        return switch (sourceType) {
            case "int2" -> readKind == dev.sluice.core.types.JdbcReadKind.SHORT;
            case "int4" -> readKind == dev.sluice.core.types.JdbcReadKind.INT;
            case "int8" -> readKind == dev.sluice.core.types.JdbcReadKind.LONG;
            case "bool" -> readKind == dev.sluice.core.types.JdbcReadKind.BOOLEAN;
            case "float4" -> readKind == dev.sluice.core.types.JdbcReadKind.FLOAT;
            case "float8" -> readKind == dev.sluice.core.types.JdbcReadKind.DOUBLE;
            case "numeric" -> readKind == dev.sluice.core.types.JdbcReadKind.DECIMAL;
            case "text", "varchar", "bpchar", "json" -> readKind == dev.sluice.core.types.JdbcReadKind.STRING;
            case "uuid" -> readKind == dev.sluice.core.types.JdbcReadKind.UUID;
            case "bytea" -> readKind == dev.sluice.core.types.JdbcReadKind.BYTES;
            case "date" -> readKind == dev.sluice.core.types.JdbcReadKind.DATE;
            case "timestamp" -> readKind == dev.sluice.core.types.JdbcReadKind.LOCAL_DATETIME;
            case "timestamptz" -> readKind == dev.sluice.core.types.JdbcReadKind.OFFSET_DATETIME;
            default -> false;
        };
    }

    /**
     * Reads the current row's value from its binary COPY field {@code b[offset..offset+length)} ({@code length} -1
     * for NULL), as {@link #read} does from the driver. Only for a column that {@link #decodesBinaryCopy()}.
     */
    void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
        throw new IllegalStateException("column " + column + " (" + sourceType + ") is not read from binary COPY");
    }

    /** Flushes statistics kept locally for speed into the chunk's statistics (idempotent). */
    void flushStatistics() {
    }

    // PostgreSQL's binary forms count days and microseconds from 2000-01-01
    static final int PG_EPOCH_DAY = 10_957;
    static final long PG_EPOCH_MICROS = PG_EPOCH_DAY * 86_400_000_000L;
    static final long LAST_DAY = LakeValues.LAST_DATE.toEpochDay();
    static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    /**
     * True when a binary timestamp (microseconds since 2000-01-01) is still a long as microseconds since 1970. Such a
     * value is also before {@link LakeValues#LAST_DATE}, so it needs no further check; any other fails, and the caller
     * fails it exactly as the driver path does by converting {@link #pgLocalDateTime}.
     */
    static boolean fitsMicros(long pg) {
        return pg <= Long.MAX_VALUE - PG_EPOCH_MICROS;
    }

    static LocalDateTime pgLocalDateTime(long pg) {
        return PG_EPOCH.plusSeconds(Math.floorDiv(pg, 1_000_000L)).plusNanos(Math.floorMod(pg, 1_000_000L) * 1_000L);
    }

    private static final java.lang.invoke.VarHandle INT16 = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            short[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT32 = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT64 = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static short int16(byte[] b, int at) {
        return (short) INT16.get(b, at);
    }

    static int int32(byte[] b, int at) {
        return (int) INT32.get(b, at);
    }

    static long int64(byte[] b, int at) {
        return (long) INT64.get(b, at);
    }

    /** Microseconds since 1970-01-01T00:00 as a local date-time. */
    static LocalDateTime localDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, java.time.ZoneOffset.UTC);
    }

    /** Fails on a binary field whose width is not its type's (a protocol mismatch, never a data problem). */
    final void requireWidth(int length, int width) {
        if (length != width) {
            throw new ValueProblem("the binary COPY field has " + length + " bytes where " + sourceType + " has "
                    + width, "report this as a Sluice bug; the JDBC read (no binary COPY) reads the column");
        }
    }

    /** The reader for {@code mapping}, reading JDBC column {@code jdbcIndex} into Parquet field {@code field}. */
    static ColumnReader of(ColumnMapping mapping, int jdbcIndex, int field) {
        return switch (mapping.readKind()) {
            case LONG, INT, SHORT, ROWVERSION_LONG -> new IntegerReader(mapping, jdbcIndex, field);
            case BOOLEAN -> new BooleanReader(mapping, jdbcIndex, field);
            case DOUBLE, FLOAT -> new FloatingReader(mapping, jdbcIndex, field);
            case DECIMAL -> new DecimalReader(mapping, jdbcIndex, field);
            case STRING, UUID -> new StringReader(mapping, jdbcIndex, field);
            case BYTES -> new BytesReader(mapping, jdbcIndex, field);
            case DATE -> new DateReader(mapping, jdbcIndex, field);
            case TIME -> new TimeReader(mapping, jdbcIndex, field);
            case OFFSET_TIME -> new OffsetTimeReader(mapping, jdbcIndex, field);
            case LOCAL_DATETIME -> new LocalDateTimeReader(mapping, jdbcIndex, field);
            case OFFSET_DATETIME -> new OffsetDateTimeReader(mapping, jdbcIndex, field);
        };
    }

    /** How many JDBC select-list items this column reads (2 for a sql_variant with its base type). */
    int jdbcWidth() {
        return 1;
    }

    /** Reads the current row's value; {@code out} is null when only hashing (the source sample check). */
    abstract void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException;

    /** The last value read, as a JSON key bound. */
    abstract JsonNode lastValue();

    /**
     * The last value read as the source side's typed key value ({@link KeyValue}, the form chunk plans carry their
     * bounds in), or null when it was NULL: integers {@code bigint}, rowversions {@code rowversion} (unsigned),
     * decimals {@code decimal}, uuids {@code uuid}, dates {@code date}, times {@code time}, local date-times
     * {@code timestamp}, zoned instants {@code timestamptz} (UTC), bytes {@code binary}, booleans {@code boolean},
     * anything else {@code string}.
     */
    final KeyValue lastKeyValue() {
        JsonNode v = lastValue();
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (readKind) {
            case LONG, INT, SHORT -> new KeyValue(KeyValue.BIGINT, Long.toString(v.asLong()));
            case ROWVERSION_LONG -> KeyValue.ofRowversion(v.asLong());
            case DECIMAL -> new KeyValue(KeyValue.DECIMAL, v.asText());
            case BOOLEAN -> new KeyValue(KeyValue.BOOLEAN, Boolean.toString(v.asBoolean()));
            case UUID -> new KeyValue(KeyValue.UUID_TYPE, v.asText().toLowerCase(java.util.Locale.ROOT));
            case DATE -> new KeyValue(KeyValue.DATE, v.asText());
            case TIME -> new KeyValue(KeyValue.TIME, v.asText());
            case LOCAL_DATETIME -> new KeyValue(KeyValue.TIMESTAMP, v.asText());
            case OFFSET_DATETIME -> KeyValue.ofInstant(java.time.OffsetDateTime.parse(v.asText()).toInstant());
            case BYTES -> new KeyValue(KeyValue.BINARY, v.asText());
            default -> new KeyValue(KeyValue.STRING, v.asText());
        };
    }

    /** True when the manifest records an exact sum of this column (integers and decimals). */
    boolean summed() {
        return false;
    }

    /** Adds this column's floating-point sum; nothing for other columns. */
    void floatSums(Map<String, Double> floating) {
    }

    /** Records a NULL: counts it for each lake column and hashes it; nothing is written (fields are OPTIONAL). */
    final void wasNull(RowHasher hasher, byte tag) {
        lastNull = true;
        hasher.nullValue(tag);
        if (stats != null) {
            for (int i = 0; i < lakeColumns.size(); i++) {
                stats.nullValue(statIndex + i);
            }
        }
    }

    static void writeLong(RowBatch out, int at, long v) {
        out.fields[at].putLong(out.row, v);
    }

    static void writeInt(RowBatch out, int at, int v) {
        out.fields[at].putLong(out.row, v);
    }

    static void writeBinary(RowBatch out, int at, byte[] bytes, int offset, int length) {
        out.fields[at].putBytes(out.row, bytes, offset, length);
    }

    final JsonNode nullOr(JsonNode value) {
        return lastNull ? JSON.nullNode() : value;
    }

    // ------------------------------------------------------------------------------------------------- integers

    static final class IntegerReader extends ColumnReader {
        private final dev.sluice.core.types.JdbcReadKind kind;
        private final boolean int64;
        private long last;

        IntegerReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
            this.kind = m.readKind();
            this.int64 = lakeColumns.getFirst().parquet().physical() == PhysicalType.INT64;
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            long v;
            switch (kind) {
                case LONG -> v = rs.getLong(jdbcIndex);
                case INT -> v = rs.getInt(jdbcIndex);
                case SHORT -> v = rs.getShort(jdbcIndex);
                default -> {
                    byte[] bytes = rs.getBytes(jdbcIndex);
                    v = bytes == null ? 0 : LakeValues.rowversion(bytes);
                }
            }
            if (rs.wasNull()) {
                wasNull(hasher, RowHasher.INTEGER);
                return;
            }
            accept(v, out, hasher);
        }

        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.INTEGER);
                return;
            }
            long v;
            switch (kind) {
                case LONG -> {
                    requireWidth(length, 8);
                    v = int64(b, offset);
                }
                case INT -> {
                    requireWidth(length, 4);
                    v = int32(b, offset);
                }
                default -> {
                    requireWidth(length, 2);
                    v = int16(b, offset);
                }
            }
            accept(v, out, hasher);
        }

        private void accept(long v, RowBatch out, RowHasher hasher) {
            lastNull = false;
            last = v;
            hasher.integer(v);
            if (stats != null && kind != dev.sluice.core.types.JdbcReadKind.ROWVERSION_LONG) {
                stats.add(statIndex, v);
            }
            if (out != null) {
                if (int64) {
                    writeLong(out, field, v);
                } else {
                    writeInt(out, field, (int) v);
                }
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(JSON.numberNode(last));
        }

        @Override
        boolean summed() {
            return kind != dev.sluice.core.types.JdbcReadKind.ROWVERSION_LONG; // a rowversion is a counter
        }
    }

    static final class BooleanReader extends ColumnReader {
        private boolean last;

        BooleanReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            boolean v = rs.getBoolean(jdbcIndex);
            if (rs.wasNull()) {
                wasNull(hasher, RowHasher.BOOLEAN);
                return;
            }
            accept(v, out, hasher);
        }

        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.BOOLEAN);
                return;
            }
            requireWidth(length, 1);
            accept(b[offset] != 0, out, hasher);
        }

        private void accept(boolean v, RowBatch out, RowHasher hasher) {
            lastNull = false;
            last = v;
            hasher.bool(v);
            if (out != null) {
                writeLong(out, field, v ? 1 : 0);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(JSON.booleanNode(last));
        }
    }

    /** float/real (FLOAT) and double (DOUBLE): IEEE bits written as they are. */
    static final class FloatingReader extends ColumnReader {
        private final boolean single;
        private double sum;
        private double last;

        FloatingReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
            this.single = m.readKind() == dev.sluice.core.types.JdbcReadKind.FLOAT;
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            double v;
            float f = 0;
            if (single) {
                f = rs.getFloat(jdbcIndex);
                v = f;
            } else {
                v = rs.getDouble(jdbcIndex);
            }
            if (rs.wasNull()) {
                wasNull(hasher, RowHasher.FLOATING);
                return;
            }
            accept(v, f, out, hasher);
        }

        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.FLOATING);
                return;
            }
            if (single) {
                requireWidth(length, 4);
                float f = Float.intBitsToFloat(int32(b, offset));
                accept(f, f, out, hasher);
            } else {
                requireWidth(length, 8);
                accept(Double.longBitsToDouble(int64(b, offset)), 0, out, hasher);
            }
        }

        private void accept(double v, float f, RowBatch out, RowHasher hasher) {
            lastNull = false;
            last = v;
            sum += v;
            hasher.floating(v);
            if (out != null) {
                writeLong(out, field, single ? Float.floatToRawIntBits(f) : Double.doubleToRawLongBits(v));
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(Double.isFinite(last) ? JSON.numberNode(last) : JSON.textNode(Double.toString(last)));
        }

        @Override
        void floatSums(Map<String, Double> floating) {
            floating.put(lakeName, sum);
        }
    }

    // ------------------------------------------------------------------------------------------------- decimals

    static final class DecimalReader extends ColumnReader {
        private final int precision;
        private final int scale;
        private final boolean lossyAccepted;
        private final PhysicalType physical;
        private final byte[] fixed;
        /** The last value: {@code last}, or when it is null {@code lastUnscaled} × 10^-scale (binary COPY). */
        private BigDecimal last;
        private long lastUnscaled;
        /** Binary COPY values are summed here as unscaled longs, flushed to the statistics exactly. */
        private long unscaledSum;
        private boolean unscaledSummed;

        DecimalReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
            var type = lakeColumns.getFirst().parquet();
            LogicalType.Decimal decimal = (LogicalType.Decimal) type.logical();
            this.precision = decimal.precision();
            this.scale = decimal.scale();
            this.lossyAccepted = m.policy() == ColumnOverride.Policy.ACCEPT_LOSSY && m.fidelity() == Fidelity.LOSSY;
            this.physical = type.physical();
            this.fixed = physical == PhysicalType.FIXED_LEN_BYTE_ARRAY ? new byte[type.length()] : null;
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            BigDecimal raw;
            try {
                raw = rs.getBigDecimal(jdbcIndex);
            } catch (SQLException e) {
                throw specialValue(rs, e);
            }
            if (raw == null) {
                wasNull(hasher, RowHasher.DECIMAL);
                return;
            }
            accept(raw, out, hasher);
        }

        private void accept(BigDecimal raw, RowBatch out, RowHasher hasher) {
            BigDecimal v = LakeValues.rescale(raw, precision, scale, lossyAccepted);
            lastNull = false;
            last = v;
            BigInteger unscaled = v.unscaledValue();
            hasher.decimal(scale, unscaled);
            if (stats != null) {
                stats.add(statIndex, v);
            }
            if (out != null) {
                switch (physical) {
                    case INT32 -> writeInt(out, field, unscaled.intValueExact());
                    case INT64 -> writeLong(out, field, unscaled.longValueExact());
                    default -> {
                        LakeValues.fixedBytes(unscaled, fixed);
                        writeBinary(out, field, fixed, 0, fixed.length);
                    }
                }
            }
        }

        private static final long[] POW10 = new long[19];

        static {
            POW10[0] = 1;
            for (int i = 1; i < POW10.length; i++) {
                POW10[i] = POW10[i - 1] * 10;
            }
        }

        /**
         * PostgreSQL's binary numeric: int16 ndigits, int16 weight, uint16 sign, uint16 dscale, then ndigits base-10000
         * digits; the value is the sum of digit[i] × 10000^(weight - i), written with dscale fractional digits. A value
         * of up to 16 significant digits at no more than the lake scale is converted in long arithmetic; any other is
         * made a {@link BigDecimal} and takes {@link #read}'s path, so both give the same value or the same failure.
         */
        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.DECIMAL);
                return;
            }
            if (length < 8) {
                requireWidth(length, 8);
            }
            int ndigits = int16(b, offset);
            int weight = int16(b, offset + 2);
            int sign = int16(b, offset + 4) & 0xFFFF;
            int dscale = int16(b, offset + 6) & 0xFFFF;
            requireWidth(length, 8 + 2 * ndigits);
            switch (sign) {
                case 0x0000, 0x4000 -> {
                }
                case 0xC000 -> throw special("NaN");
                case 0xD000 -> throw special("Infinity");
                case 0xF000 -> throw special("-Infinity");
                default -> throw new ValueProblem("the binary numeric has sign word 0x" + Integer.toHexString(sign),
                        "report this as a Sluice bug; the JDBC read (no binary COPY) reads the column");
            }
            int exponent = 4 * (weight - ndigits + 1) + dscale; // unscaled(dscale) = digits as one integer × 10^exponent
            if (ndigits <= 4 && dscale <= scale && exponent >= -18 && exponent <= 18) {
                long digits = 0;
                for (int i = 0; i < ndigits; i++) {
                    digits = digits * 10_000 + int16(b, offset + 8 + 2 * i);
                }
                long unscaled = Long.MIN_VALUE;
                if (exponent < 0) {
                    if (digits % POW10[-exponent] == 0) {
                        unscaled = digits / POW10[-exponent];
                    }
                } else if (digits <= Long.MAX_VALUE / POW10[exponent]) {
                    unscaled = digits * POW10[exponent];
                }
                int up = scale - dscale;
                if (unscaled != Long.MIN_VALUE && up <= 18 && unscaled <= Long.MAX_VALUE / POW10[up]) {
                    unscaled *= POW10[up];
                    if (precision >= 19 || unscaled < POW10[precision]) {
                        acceptUnscaled(sign == 0 ? unscaled : -unscaled, out, hasher);
                        return;
                    }
                }
            }
            BigInteger digits = BigInteger.ZERO;
            BigInteger base = BigInteger.valueOf(10_000);
            for (int i = 0; i < ndigits; i++) {
                digits = digits.multiply(base).add(BigInteger.valueOf(int16(b, offset + 8 + 2 * i)));
            }
            BigDecimal raw = new BigDecimal(sign == 0 ? digits : digits.negate(), -4 * (weight - ndigits + 1))
                    .setScale(dscale, java.math.RoundingMode.UNNECESSARY);
            accept(raw, out, hasher);
        }

        /** A value already at the lake scale and within its precision. */
        private void acceptUnscaled(long unscaled, RowBatch out, RowHasher hasher) {
            lastNull = false;
            last = null;
            lastUnscaled = unscaled;
            hasher.decimal(scale, unscaled);
            if (stats != null) {
                long sum = unscaledSum + unscaled;
                if (((unscaledSum ^ sum) & (unscaled ^ sum)) < 0) {
                    flushStatistics();
                    sum = unscaled;
                }
                unscaledSum = sum;
                unscaledSummed = true;
            }
            if (out != null) {
                switch (physical) {
                    case INT32 -> writeInt(out, field, (int) unscaled);
                    case INT64 -> writeLong(out, field, unscaled);
                    default -> {
                        for (int i = fixed.length - 1, shift = 0; i >= 0; i--, shift += 8) {
                            fixed[i] = (byte) (unscaled >> Math.min(shift, 63));
                        }
                        writeBinary(out, field, fixed, 0, fixed.length);
                    }
                }
            }
        }

        @Override
        void flushStatistics() {
            if (unscaledSummed) {
                stats.add(statIndex, BigDecimal.valueOf(unscaledSum, scale));
                unscaledSum = 0;
                unscaledSummed = false;
            }
        }

        private static ValueProblem special(String text) {
            return new ValueProblem("the numeric is " + text + ", which no lake decimal can hold", LakeValues.AS_STRING);
        }

        /** PostgreSQL NaN/±Infinity in a numeric: the driver cannot make a BigDecimal of it. */
        private SQLException specialValue(ResultSet rs, SQLException e) throws SQLException {
            String text = rs.getString(jdbcIndex);
            if (text != null && (text.equals("NaN") || text.endsWith("Infinity"))) {
                throw new ValueProblem("the numeric is " + text + ", which no lake decimal can hold",
                        LakeValues.AS_STRING);
            }
            return e;
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(
                    (last != null ? last : BigDecimal.valueOf(lastUnscaled, scale)).toPlainString()));
        }

        @Override
        boolean summed() {
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------- text

    /** Text, JSON, PostgreSQL uuid (canonical lower case), SQL Server uniqueidentifier (upper case), sql_variant. */
    static final class StringReader extends ColumnReader {
        private final boolean uuid;
        private final boolean uniqueIdentifier;
        private final boolean variant;
        private final Utf8Buffer utf8 = new Utf8Buffer();
        private final Utf8Buffer baseType;
        private String last;

        StringReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
            this.uuid = m.readKind() == dev.sluice.core.types.JdbcReadKind.UUID;
            this.uniqueIdentifier = m.source().typeName().equals("uniqueidentifier")
                    && m.projection() == ProjectionKind.DIRECT;
            this.variant = lakeColumns.size() > 1;
            this.baseType = variant ? new Utf8Buffer() : null;
        }

        @Override
        int jdbcWidth() {
            return variant ? 2 : 1;
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            String v;
            if (uuid) {
                UUID u = rs.getObject(jdbcIndex, UUID.class);
                v = u == null ? null : u.toString();
            } else {
                v = rs.getString(jdbcIndex);
            }
            String base = variant ? rs.getString(jdbcIndex + 1) : null;
            if (v == null) {
                wasNull(hasher, variant ? RowHasher.VARIANT : RowHasher.STRING);
                return;
            }
            if (uniqueIdentifier) {
                v = LakeValues.uniqueIdentifier(v);
            }
            lastNull = false;
            last = v;
            utf8.encode(v);
            if (variant) {
                baseType.encode(base == null ? "" : base);
                hasher.variant(utf8.bytes(), utf8.length(), baseType.bytes(), baseType.length());
            } else {
                hasher.string(utf8.bytes(), utf8.length());
            }
            if (out != null) {
                writeBinary(out, field, utf8.bytes(), 0, utf8.length());
                if (variant && base != null) {
                    writeBinary(out, field + 1, baseType.bytes(), 0, baseType.length());
                }
            }
        }

        /** Text arrives as UTF-8 (the driver's client encoding), a uuid as 16 bytes printed as canonical text. */
        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.STRING);
                return;
            }
            byte[] text = b;
            int from = offset;
            int count = length;
            if (uuid) {
                requireWidth(length, 16);
                text = uuidText(b, offset);
                from = 0;
                count = 36;
            }
            lastNull = false;
            last = key ? new String(text, from, count, java.nio.charset.StandardCharsets.UTF_8) : null;
            hasher.string(text, from, count);
            if (out != null) {
                writeBinary(out, field, text, from, count);
            }
        }

        private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final byte[] uuidText = new byte[36];

        /** 16 bytes as {@code 8-4-4-4-12} lower-case hex, as {@code UUID.toString()} prints them. */
        private byte[] uuidText(byte[] b, int offset) {
            int p = 0;
            for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) {
                    uuidText[p++] = '-';
                }
                uuidText[p++] = HEX[(b[offset + i] >> 4) & 0xF];
                uuidText[p++] = HEX[b[offset + i] & 0xF];
            }
            return uuidText;
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last));
        }
    }

    static final class BytesReader extends ColumnReader {
        private byte[] last;

        BytesReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            byte[] v = rs.getBytes(jdbcIndex);
            if (v == null) {
                wasNull(hasher, RowHasher.BINARY);
                return;
            }
            lastNull = false;
            last = v;
            hasher.binary(v, 0, v.length);
            if (out != null) {
                writeBinary(out, field, v, 0, v.length);
            }
        }

        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.BINARY);
                return;
            }
            lastNull = false;
            last = key ? java.util.Arrays.copyOfRange(b, offset, offset + length) : null;
            hasher.binary(b, offset, length);
            if (out != null) {
                writeBinary(out, field, b, offset, length);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(HexFormat.of().formatHex(last)));
        }
    }

    // ------------------------------------------------------------------------------------------------- temporals

    static final class DateReader extends ColumnReader {
        /** The last value: {@code last}, or when it is null the day {@code lastDay} (binary COPY). */
        private LocalDate last;
        private int lastDay;

        DateReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            LocalDate v = rs.getObject(jdbcIndex, LocalDate.class);
            if (v == null) {
                wasNull(hasher, RowHasher.DATE);
                return;
            }
            int day = LakeValues.epochDay(v);
            lastNull = false;
            last = v;
            hasher.date(day);
            if (out != null) {
                writeInt(out, field, day);
            }
        }

        /** int32 days since 2000-01-01; the int32 extremes are -infinity and infinity, which the driver maps to MIN/MAX. */
        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.DATE);
                return;
            }
            requireWidth(length, 4);
            int pg = int32(b, offset);
            if (pg == Integer.MAX_VALUE || pg == Integer.MIN_VALUE) {
                LakeValues.epochDay(pg == Integer.MAX_VALUE ? LocalDate.MAX : LocalDate.MIN); // fails as read() does
            }
            long day = (long) pg + PG_EPOCH_DAY;
            if (day > LAST_DAY) {
                LakeValues.epochDay(LocalDate.ofEpochDay(day)); // fails as read() does
            }
            lastNull = false;
            last = null;
            lastDay = (int) day;
            hasher.date(day);
            if (out != null) {
                writeInt(out, field, (int) day);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode((last != null ? last : LocalDate.ofEpochDay(lastDay))
                    .toString()));
        }
    }

    static final class TimeReader extends ColumnReader {
        private LocalTime last;

        TimeReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            LocalTime v = rs.getObject(jdbcIndex, LocalTime.class);
            if (v == null) {
                wasNull(hasher, RowHasher.TIME);
                return;
            }
            long micros = LakeValues.timeMicros(v);
            lastNull = false;
            last = v;
            hasher.time(micros);
            if (out != null) {
                writeLong(out, field, micros);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last.toString()));
        }
    }

    /** PostgreSQL timetz: UTC time of day + the offset in minutes in the companion column. */
    static final class OffsetTimeReader extends ColumnReader {
        private OffsetTime last;

        OffsetTimeReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            OffsetTime v = rs.getObject(jdbcIndex, OffsetTime.class);
            if (v == null) {
                wasNull(hasher, RowHasher.TIME_WITH_OFFSET);
                return;
            }
            long micros = LakeValues.utcTimeMicros(v);
            int offset = LakeValues.offsetMinutes(v.getOffset());
            lastNull = false;
            last = v;
            hasher.timeWithOffset(micros, offset);
            if (out != null) {
                writeLong(out, field, micros);
                if (lakeColumns.size() > 1) {
                    writeInt(out, field + 1, offset);
                }
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last.toString()));
        }
    }

    static final class LocalDateTimeReader extends ColumnReader {
        /** The last value: {@code last}, or when it is null {@code lastMicros} (binary COPY). */
        private LocalDateTime last;
        private long lastMicros;

        LocalDateTimeReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            LocalDateTime v = rs.getObject(jdbcIndex, LocalDateTime.class);
            if (v == null) {
                wasNull(hasher, RowHasher.LOCAL_TIMESTAMP);
                return;
            }
            long micros = LakeValues.localMicros(v);
            lastNull = false;
            last = v;
            hasher.localTimestamp(micros);
            if (out != null) {
                writeLong(out, field, micros);
            }
        }

        /** int64 microseconds since 2000-01-01 00:00; the int64 extremes are -infinity and infinity. */
        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.LOCAL_TIMESTAMP);
                return;
            }
            requireWidth(length, 8);
            long pg = int64(b, offset);
            if (pg == Long.MAX_VALUE || pg == Long.MIN_VALUE) {
                LakeValues.localMicros(pg == Long.MAX_VALUE ? LocalDateTime.MAX : LocalDateTime.MIN);
            }
            if (!fitsMicros(pg)) {
                LakeValues.localMicros(pgLocalDateTime(pg)); // fails as read() does
            }
            long micros = pg + PG_EPOCH_MICROS; // within a long, so before LAST_DATE: no date check needed
            lastNull = false;
            last = null;
            lastMicros = micros;
            hasher.localTimestamp(micros);
            if (out != null) {
                writeLong(out, field, micros);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode((last != null ? last : localDateTime(lastMicros))
                    .toString()));
        }
    }

    /** timestamptz (instant only) and datetimeoffset (instant + offset minutes companion). */
    static final class OffsetDateTimeReader extends ColumnReader {
        private final boolean withOffset;
        /** The last value: {@code last}, or when it is null the instant {@code lastMicros} (binary COPY). */
        private OffsetDateTime last;
        private long lastMicros;

        OffsetDateTimeReader(ColumnMapping m, int jdbcIndex, int field) {
            super(m, jdbcIndex, field);
            this.withOffset = lakeColumns.size() > 1;
        }

        @Override
        void read(ResultSet rs, RowBatch out, RowHasher hasher) throws SQLException {
            OffsetDateTime v = rs.getObject(jdbcIndex, OffsetDateTime.class);
            if (v == null) {
                wasNull(hasher, withOffset ? RowHasher.INSTANT_WITH_OFFSET : RowHasher.INSTANT);
                return;
            }
            long micros = LakeValues.instantMicros(v);
            lastNull = false;
            last = v;
            if (withOffset) {
                int offset = LakeValues.offsetMinutes(v.getOffset());
                hasher.instantWithOffset(micros, offset);
                if (out != null) {
                    writeLong(out, field, micros);
                    writeInt(out, field + 1, offset);
                }
            } else {
                hasher.instant(micros);
                if (out != null) {
                    writeLong(out, field, micros);
                }
            }
        }

        /** timestamptz: int64 UTC microseconds since 2000-01-01 00:00Z; the int64 extremes are ±infinity. */
        @Override
        void decode(byte[] b, int offset, int length, RowBatch out, RowHasher hasher) {
            if (length < 0) {
                wasNull(hasher, RowHasher.INSTANT);
                return;
            }
            requireWidth(length, 8);
            long pg = int64(b, offset);
            if (pg == Long.MAX_VALUE || pg == Long.MIN_VALUE) {
                LakeValues.instantMicros(pg == Long.MAX_VALUE ? OffsetDateTime.MAX : OffsetDateTime.MIN);
            }
            if (!fitsMicros(pg)) {
                LakeValues.instantMicros(pgLocalDateTime(pg).atOffset(java.time.ZoneOffset.UTC)); // fails as read()
            }
            long micros = pg + PG_EPOCH_MICROS;
            lastNull = false;
            last = null;
            lastMicros = micros;
            hasher.instant(micros);
            if (out != null) {
                writeLong(out, field, micros);
            }
        }

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode((last != null ? last
                    : localDateTime(lastMicros).atOffset(java.time.ZoneOffset.UTC)).toString()));
        }
    }
}
