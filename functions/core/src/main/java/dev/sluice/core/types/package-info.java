/**
 * The type mapping: how each SQL Server and PostgreSQL column type becomes a Parquet column in the lake, a Glue
 * (Athena) column and a Redshift column, how the extractor reads and projects it, and how faithful that is.
 *
 * <p>{@link dev.sluice.core.types.TypeMapping} maps one column; {@link dev.sluice.core.types.TypeFidelityReport}
 * maps a whole table and says which columns block it until config states a policy. Parquet types are described
 * with this package's own small vocabulary ({@link dev.sluice.core.types.ParquetType}) so the domain does not
 * depend on parquet-java; the Parquet writer builds the real schema from it. The mapping table with every
 * decision and its reason is {@code docs/TYPES.md}.
 */
package dev.sluice.core.types;
