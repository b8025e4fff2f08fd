/**
 * Loading a validated run into the warehouse: {@link dev.sluice.core.load.RedshiftLoadSql} generates the one
 * transaction that stages the run's Parquet files and applies them to the target in its mode (append, merge,
 * replace, scd2), gated by the load ledger so a repeated load is a no-op; {@link dev.sluice.core.load.TargetSchemaDiff}
 * decides how the target's DDL may follow the source; {@link dev.sluice.core.load.LoadReport} is what it did.
 * The SQL is pure text: the Redshift Data API adapter (lambda) and the DuckDB warehouse (local) execute it.
 */
package dev.sluice.core.load;
