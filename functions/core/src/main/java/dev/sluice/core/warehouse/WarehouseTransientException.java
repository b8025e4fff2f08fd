package dev.sluice.core.warehouse;

/** A failure of the warehouse statement runner (Redshift Data API) that a retry with backoff can resolve: throttling, a reset connection, a 5xx. */
public final class WarehouseTransientException extends WarehouseException {

    public WarehouseTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return true;
    }
}
