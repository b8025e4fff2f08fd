package dev.sluice.core.types;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A Parquet logical-type annotation on a physical type, as the Parquet format specification defines it
 * ({@code LogicalTypes.md}). Only the annotations Sluice writes are modelled. Arrays are carried as JSON text
 * (see {@code docs/TYPES.md}), so there is no LIST annotation here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LogicalType.None.class, name = "none"),
        @JsonSubTypes.Type(value = LogicalType.StringType.class, name = "string"),
        @JsonSubTypes.Type(value = LogicalType.Json.class, name = "json"),
        @JsonSubTypes.Type(value = LogicalType.Uuid.class, name = "uuid"),
        @JsonSubTypes.Type(value = LogicalType.Decimal.class, name = "decimal"),
        @JsonSubTypes.Type(value = LogicalType.Date.class, name = "date"),
        @JsonSubTypes.Type(value = LogicalType.Time.class, name = "time"),
        @JsonSubTypes.Type(value = LogicalType.Timestamp.class, name = "timestamp"),
        @JsonSubTypes.Type(value = LogicalType.Int.class, name = "int")
})
public sealed interface LogicalType {

    /** The annotation as Parquet tools print it, e.g. {@code DECIMAL(9,2)}; empty for {@link None}. */
    String describe();

    /** The unit of a TIME or TIMESTAMP annotation. */
    enum TimeUnit { MILLIS, MICROS, NANOS }

    /** No annotation: the physical type is the whole story (plain INT32, INT64, FLOAT, DOUBLE, BOOLEAN, BINARY). */
    record None() implements LogicalType {
        @Override
        public String describe() {
            return "";
        }
    }

    /** UTF-8 text. */
    record StringType() implements LogicalType {
        @Override
        public String describe() {
            return "STRING";
        }
    }

    /** UTF-8 JSON text. */
    record Json() implements LogicalType {
        @Override
        public String describe() {
            return "JSON";
        }
    }

    /** A 16-byte UUID (on FIXED_LEN_BYTE_ARRAY(16)). Part of the vocabulary; Sluice writes UUIDs as STRING. */
    record Uuid() implements LogicalType {
        @Override
        public String describe() {
            return "UUID";
        }
    }

    /** An exact decimal: unscaled two's-complement integer with {@code scale} fractional digits. */
    record Decimal(int precision, int scale) implements LogicalType {
        public Decimal {
            if (precision < 1 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("invalid Parquet DECIMAL(" + precision + "," + scale + ")");
            }
        }

        @Override
        public String describe() {
            return "DECIMAL(" + precision + "," + scale + ")";
        }
    }

    /** Days since 1970-01-01 on INT32. */
    record Date() implements LogicalType {
        @Override
        public String describe() {
            return "DATE";
        }
    }

    /** Time of day; {@code adjustedToUtc} true means normalised to UTC. */
    record Time(TimeUnit unit, boolean adjustedToUtc) implements LogicalType {
        @Override
        public String describe() {
            return "TIME(" + unit + ",utc=" + adjustedToUtc + ")";
        }
    }

    /**
     * A point in time: with {@code adjustedToUtc} true an instant (microseconds since the epoch in UTC), with false
     * a local date-time read off a wall clock in no particular zone.
     */
    record Timestamp(TimeUnit unit, boolean adjustedToUtc) implements LogicalType {
        @Override
        public String describe() {
            return "TIMESTAMP(" + unit + ",utc=" + adjustedToUtc + ")";
        }
    }

    /** An integer of {@code bitWidth} 8, 16, 32 or 64 bits, signed or unsigned. */
    record Int(int bitWidth, boolean signed) implements LogicalType {
        public Int {
            if (bitWidth != 8 && bitWidth != 16 && bitWidth != 32 && bitWidth != 64) {
                throw new IllegalArgumentException("invalid Parquet INT bit width " + bitWidth);
            }
        }

        @Override
        public String describe() {
            return "INT(" + bitWidth + "," + (signed ? "signed" : "unsigned") + ")";
        }
    }
}
