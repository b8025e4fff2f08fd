package dev.sluice.core.query;

/**
 * The engine that runs validation SQL over the lake (Athena in AWS, DuckDB locally). Start and check are separate
 * calls because the state machine waits between them; no caller sits polling. The SQL comes from the validation
 * SQL generator; this port only runs it.
 *
 * <p>Failures calling the engine are {@link QueryEngineTransientException} (retry) or
 * {@link QueryEnginePermanentException} (Catch). A query that itself fails is reported by {@link #check} as
 * {@link QueryStatus.State#FAILED} with its {@link FailureClass}.
 */
public interface QueryEngine {

    /** Starts the query; a retried start of the same (run, query name) returns the same execution id. */
    String start(QueryRequest request);

    /** Where the execution stands. */
    QueryStatus check(String executionId);

    /**
     * Every result row of a succeeded SELECT, as strings ({@code null} for SQL NULL) with the column metadata, all
     * pages read; the header row Athena puts first is not a row. Meant for validation's small aggregate results.
     */
    ResultTable results(String executionId);
}
