package dev.sluice.core.warehouse;

/** A failure of the warehouse statement runner (Redshift Data API) that a retry cannot resolve: the SQL, permissions, a missing object or the data must change. */
public final class WarehousePermanentException extends WarehouseException {

    public WarehousePermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean transientFailure() {
        return false;
    }
}
