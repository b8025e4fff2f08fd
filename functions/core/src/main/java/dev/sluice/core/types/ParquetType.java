package dev.sluice.core.types;

import java.math.BigInteger;

/**
 * The Parquet type of one lake column: physical type, the length of a {@code FIXED_LEN_BYTE_ARRAY} (0 otherwise)
 * and the logical annotation. The Parquet writer builds its schema from this.
 */
public record ParquetType(PhysicalType physical, int length, LogicalType logical) {

    public ParquetType {
        if ((physical == PhysicalType.FIXED_LEN_BYTE_ARRAY) != (length > 0)) {
            throw new IllegalArgumentException("a length is required for, and only for, FIXED_LEN_BYTE_ARRAY");
        }
        if (logical == null) {
            logical = new LogicalType.None();
        }
    }

    public static ParquetType of(PhysicalType physical) {
        return new ParquetType(physical, 0, new LogicalType.None());
    }

    public static ParquetType of(PhysicalType physical, LogicalType logical) {
        return new ParquetType(physical, 0, logical);
    }

    public static ParquetType string() {
        return of(PhysicalType.BINARY, new LogicalType.StringType());
    }

    public static ParquetType json() {
        return of(PhysicalType.BINARY, new LogicalType.Json());
    }

    /**
     * DECIMAL(p,s) on the smallest physical type the Parquet specification allows: INT32 for p <= 9, INT64 for
     * p <= 18, otherwise a FIXED_LEN_BYTE_ARRAY of the minimal number of bytes whose two's complement holds
     * {@code 10^p - 1} (e.g. 9 bytes for p = 19, 16 bytes for p = 38).
     */
    public static ParquetType decimal(int precision, int scale) {
        LogicalType.Decimal logical = new LogicalType.Decimal(precision, scale);
        if (precision <= 9) {
            return of(PhysicalType.INT32, logical);
        }
        if (precision <= 18) {
            return of(PhysicalType.INT64, logical);
        }
        return new ParquetType(PhysicalType.FIXED_LEN_BYTE_ARRAY, decimalBytes(precision), logical);
    }

    /** The minimal byte length of a two's-complement integer holding every p-digit decimal. */
    static int decimalBytes(int precision) {
        int bits = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE).bitLength() + 1; // + sign bit
        return (bits + 7) / 8;
    }

    /** E.g. {@code INT64 TIMESTAMP(MICROS,utc=true)} or {@code FIXED_LEN_BYTE_ARRAY(9) DECIMAL(19,4)}. */
    public String describe() {
        String base = physical == PhysicalType.FIXED_LEN_BYTE_ARRAY ? physical + "(" + length + ")" : physical.name();
        String annotation = logical.describe();
        return annotation.isEmpty() ? base : base + " " + annotation;
    }
}
