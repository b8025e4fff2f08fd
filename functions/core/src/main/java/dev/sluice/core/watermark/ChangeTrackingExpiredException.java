package dev.sluice.core.watermark;

/**
 * The last synced change tracking version is older than {@code CHANGE_TRACKING_MIN_VALID_VERSION}: the source has
 * cleaned up changes that were never read, so no incremental run can be correct. The safe action is a full load.
 */
public final class ChangeTrackingExpiredException extends WatermarkException {

    public ChangeTrackingExpiredException(String message) {
        super(message);
    }
}
