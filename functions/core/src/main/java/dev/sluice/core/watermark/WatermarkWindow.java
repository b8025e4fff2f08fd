package dev.sluice.core.watermark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import java.util.List;

/**
 * The slice of a table one run reads: rows whose watermark column is greater than {@code lowerExclusive} and at
 * most {@code upperInclusive} (a {@code null} bound is open), as computed from the committed watermark and the
 * source readings by {@link WatermarkWindows}. For {@code changeTracking} the bounds are change tracking versions;
 * for {@code full} both are open and {@code sourceClock} says when the table was taken.
 *
 * @param previousHigh the committed high this window continues from (null on the first run)
 * @param sourceClock  the source's clock at planning
 * @param backfill     true when the run reads from the beginning (first run, or a full load)
 * @param empty        nothing new: the run ends early and the watermark stays where it is
 * @param boundedBy    what set the high bound: {@code safety lag}, {@code open transaction},
 *                     {@code min active rowversion}, {@code max committed key}, {@code current version}, ...
 * @param warnings     limits of this window's guarantee the plan must show
 */
@JsonPropertyOrder({"type", "column", "lowerExclusive", "upperInclusive", "previousHigh", "sourceClock", "backfill",
        "empty", "boundedBy", "warnings"})
public record WatermarkWindow(
        WatermarkConfig.Type type,
        String column,
        KeyValue lowerExclusive,
        KeyValue upperInclusive,
        KeyValue previousHigh,
        KeyValue sourceClock,
        boolean backfill,
        boolean empty,
        String boundedBy,
        List<String> warnings) {

    public WatermarkWindow {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * The rows of this window as a key range over the watermark column ({@code timestamp}, {@code rowversion},
     * {@code key}); the whole table for {@code full} and {@code changeTracking}.
     */
    @JsonIgnore
    public KeyRange range() {
        return switch (type) {
            case TIMESTAMP, ROWVERSION, KEY -> KeyRange.between(column, lowerExclusive, upperInclusive);
            case FULL, CHANGE_TRACKING -> KeyRange.wholeTable();
        };
    }
}
