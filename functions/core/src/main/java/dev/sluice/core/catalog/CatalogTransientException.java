package dev.sluice.core.catalog;

/** A failure of the metadata catalog (Glue) that a retry with backoff can resolve: throttling, a reset connection, a 5xx. */
public final class CatalogTransientException extends CatalogException {

    public CatalogTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
