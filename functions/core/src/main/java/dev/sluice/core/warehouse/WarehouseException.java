package dev.sluice.core.warehouse;

/**
 * A failure of the warehouse statement runner (Redshift Data API). The message names the table, run or statement and says what to do. The two subclasses
 * are what the state machine's Retry and Catch match (a Java Lambda's errorType is the exception's class name):
 * {@link WarehouseTransientException} retries with backoff, {@link WarehousePermanentException}
 * goes to Catch.
 */
public abstract sealed class WarehouseException extends RuntimeException
        permits WarehouseTransientException, WarehousePermanentException {

    protected WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a retry can help (throttling, a reset connection, a service error). */
    public abstract boolean transientFailure();
}
