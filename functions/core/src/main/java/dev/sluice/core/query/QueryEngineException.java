package dev.sluice.core.query;

/**
 * A failure of the query engine (Athena). The message names the table, run or statement and says what to do. The two subclasses
 * are what the state machine's Retry and Catch match (a Java Lambda's errorType is the exception's class name):
 * {@link QueryEngineTransientException} retries with backoff, {@link QueryEnginePermanentException}
 * goes to Catch.
 */
public abstract sealed class QueryEngineException extends RuntimeException
        permits QueryEngineTransientException, QueryEnginePermanentException {

    protected QueryEngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a retry can help (throttling, a reset connection, a service error). */
    public abstract boolean transientFailure();
}
