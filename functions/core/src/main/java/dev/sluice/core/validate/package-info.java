/**
 * Validating a run: {@link dev.sluice.core.validate.ValidationSql} measures the run's lake rows per chunk in Athena
 * or DuckDB, {@link dev.sluice.core.validate.Reconciliation} compares them with the chunk manifests and narrows a
 * difference to keys through the {@link dev.sluice.core.validate.KeyRangeProbe} port, and
 * {@link dev.sluice.core.validate.ValidationReport} is the verdict kept as {@code validation.json}.
 */
package dev.sluice.core.validate;
