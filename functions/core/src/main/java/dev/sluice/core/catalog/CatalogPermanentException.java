package dev.sluice.core.catalog;

/** A failure of the metadata catalog (Glue) that a retry cannot resolve: the SQL, permissions, a missing object or the data must change. */
public final class CatalogPermanentException extends CatalogException {

    public CatalogPermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return false;
    }
}
