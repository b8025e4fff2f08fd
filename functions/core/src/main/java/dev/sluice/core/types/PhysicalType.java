package dev.sluice.core.types;

/** A Parquet physical (storage) type. {@code FIXED_LEN_BYTE_ARRAY} carries its length in {@link ParquetType}. */
public enum PhysicalType {
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    BOOLEAN,
    BINARY,
    FIXED_LEN_BYTE_ARRAY
}
