package dev.sluice.core.watermark;

/**
 * A run's window cannot be computed safely: the committed watermark does not fit the config, the source lacks
 * what the watermark type needs, or (see {@link ChangeTrackingExpiredException}) history is gone. The message names
 * the table and column and says the one safe action. Never transient: retrying does not help.
 */
public class WatermarkException extends RuntimeException {

    public WatermarkException(String message) {
        super(message);
    }
}
