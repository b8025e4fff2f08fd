package dev.sluice.core.validate;

/** The engine validation queries run on: Athena (Trino SQL) in AWS, DuckDB over the same Parquet files locally. */
public enum QueryDialect {
    ATHENA,
    DUCKDB
}
