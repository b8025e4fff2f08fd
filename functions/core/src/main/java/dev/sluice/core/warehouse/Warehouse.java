package dev.sluice.core.warehouse;

import dev.sluice.core.query.ResultTable;

/**
 * The warehouse statement runner (the Redshift Data API in AWS, a DuckDB file locally). A batch runs its
 * statements in order as one transaction; start and check are separate calls because the state machine waits
 * between them. The SQL comes from the load SQL generator; this port only runs it.
 *
 * <p>Failures calling the runner are {@link WarehouseTransientException} (retry) or
 * {@link WarehousePermanentException} (Catch); a batch that itself fails is reported by {@link #check} as
 * {@link StatementStatus.State#FAILED} with its failure class from {@link WarehouseErrors}.
 */
public interface Warehouse {

    /** Starts the batch; a retried start of the same batch (same run and name) is not run twice. */
    String startBatch(StatementBatch batch);

    /** Where the batch stands, with each sub-statement once it finished. */
    StatementStatus check(String statementId);

    /** The rows of one sub-statement that has a result set (its id from {@link SubStatement#id()}). */
    ResultTable results(String subStatementId);
}
