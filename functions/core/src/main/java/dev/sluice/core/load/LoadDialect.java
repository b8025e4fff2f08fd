package dev.sluice.core.load;

/**
 * The warehouse a load batch is written for. {@link #REDSHIFT} is the real target (Data API batch, COPY from S3);
 * {@link #POSTGRES} emits the same statements where the syntax is shared (MERGE, UPDATE ... FROM, DELETE ... USING),
 * so the semantics can be executed on embedded PostgreSQL; {@link #DUCKDB} is local mode's warehouse file, reading
 * the run's Parquet files from disk.
 */
public enum LoadDialect {
    REDSHIFT,
    POSTGRES,
    DUCKDB
}
