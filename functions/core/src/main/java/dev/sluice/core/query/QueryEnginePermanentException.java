package dev.sluice.core.query;

/** A failure of the query engine (Athena) that a retry cannot resolve: the SQL, permissions, a missing object or the data must change. */
public final class QueryEnginePermanentException extends QueryEngineException {

    public QueryEnginePermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return false;
    }
}
