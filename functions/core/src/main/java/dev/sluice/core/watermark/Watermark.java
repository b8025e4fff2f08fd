package dev.sluice.core.watermark;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeyValue;
import java.time.Instant;
import java.util.Objects;

/**
 * A table's committed watermark, the commit point of its incremental runs, as stored in
 * {@code _sluice/state/<source>/<schema>.<table>/watermark.json}: the type and column, both bounds of the last
 * committed window, the source clock when it was planned, the run that committed it and when.
 * The next run continues from {@link #high()}.
 */
@JsonPropertyOrder({"type", "column", "low", "high", "sourceClock", "runId", "committedAt"})
public record Watermark(
        WatermarkConfig.Type type,
        String column,
        KeyValue low,
        KeyValue high,
        KeyValue sourceClock,
        String runId,
        Instant committedAt) {

    public Watermark {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(committedAt, "committedAt");
    }

    /**
     * The watermark a successful run of {@code window} commits.
     *
     * @throws IllegalStateException for an empty window: nothing new was read, so nothing is committed
     */
    public static Watermark committed(WatermarkWindow window, String runId, Instant committedAt) {
        if (window.empty()) {
            throw new IllegalStateException("window of " + window.type() + " is empty: a run with nothing new"
                    + " ends early and commits no watermark");
        }
        return new Watermark(window.type(), window.column(), window.lowerExclusive(), window.upperInclusive(),
                window.sourceClock(), runId, committedAt);
    }
}
