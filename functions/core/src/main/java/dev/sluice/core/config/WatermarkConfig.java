package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How incremental runs find new rows (see "Watermarks" in DESIGN.md). {@code column} is required for
 * {@code timestamp}, {@code rowversion} and {@code key}; {@code lookback} and {@code safetyLag} apply to
 * {@code timestamp} cursors.
 */
public record WatermarkConfig(Type type, String column, Duration lookback, Duration safetyLag) {

    public enum Type {
        @JsonProperty("timestamp") TIMESTAMP,
        @JsonProperty("rowversion") ROWVERSION,
        @JsonProperty("key") KEY,
        @JsonProperty("changeTracking") CHANGE_TRACKING,
        @JsonProperty("full") FULL
    }
}
