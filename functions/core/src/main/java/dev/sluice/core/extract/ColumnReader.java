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

    ColumnReader(ColumnMapping mapping, int jdbcIndex, int field) {
        this.column = mapping.source().name();
        this.lakeColumns = mapping.lakeColumns();
        this.readKind = mapping.readKind();
        this.lakeName = lakeColumns.getFirst().name();
        this.jdbcIndex = jdbcIndex;
        this.field = field;
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
        private BigDecimal last;

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
            return nullOr(lastNull ? null : JSON.textNode(last.toPlainString()));
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
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(HexFormat.of().formatHex(last)));
        }
    }

    // ------------------------------------------------------------------------------------------------- temporals

    static final class DateReader extends ColumnReader {
        private LocalDate last;

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

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last.toString()));
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
        private LocalDateTime last;

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

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last.toString()));
        }
    }

    /** timestamptz (instant only) and datetimeoffset (instant + offset minutes companion). */
    static final class OffsetDateTimeReader extends ColumnReader {
        private final boolean withOffset;
        private OffsetDateTime last;

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

        @Override
        JsonNode lastValue() {
            return nullOr(lastNull ? null : JSON.textNode(last.toString()));
        }
    }
}
