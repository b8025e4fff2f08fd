package dev.sluice.core.source;

import dev.sluice.core.config.WatermarkConfig;

/**
 * Port: reads the source's clock together with the commit-safe bound a watermark of the given type needs
 * (oldest open transaction, {@code MIN_ACTIVE_ROWVERSION()}, change tracking versions, the largest key).
 */
public interface SourceClock {

    /**
     * @param column the watermark column as described (null for {@code changeTracking} and {@code full})
     */
    SourceReadings read(TableRef table, WatermarkConfig.Type type, SourceColumn column);
}
