package dev.sluice.core.catalog;

/**
 * A failure of the metadata catalog (Glue). The message names the table, run or statement and says what to do. The two subclasses
 * are what the state machine's Retry and Catch match (a Java Lambda's errorType is the exception's class name):
 * {@link CatalogTransientException} retries with backoff, {@link CatalogPermanentException}
 * goes to Catch.
 */
public abstract sealed class CatalogException extends RuntimeException
        permits CatalogTransientException, CatalogPermanentException {

    protected CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a retry can help (throttling, a reset connection, a service error). */
    public abstract boolean transientFailure();
}
