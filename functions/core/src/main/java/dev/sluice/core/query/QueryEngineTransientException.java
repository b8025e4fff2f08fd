package dev.sluice.core.query;

/** A failure of the query engine (Athena) that a retry with backoff can resolve: throttling, a reset connection, a 5xx. */
public final class QueryEngineTransientException extends QueryEngineException {

    public QueryEngineTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
