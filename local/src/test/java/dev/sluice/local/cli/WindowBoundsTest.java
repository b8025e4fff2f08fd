package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import org.junit.jupiter.api.Test;

class WindowBoundsTest {

    private static final WatermarkConfig TIMESTAMP =
            new WatermarkConfig(WatermarkConfig.Type.TIMESTAMP, "updated_at", null, null);
    private static final WatermarkConfig KEY = new WatermarkConfig(WatermarkConfig.Type.KEY, "event_id", null, null);
    private static final WatermarkConfig FULL = new WatermarkConfig(WatermarkConfig.Type.FULL, null, null, null);
    private static final SourceColumn LOCAL = new SourceColumn("updated_at", 1, "timestamp", 26, 6, false);
    private static final SourceColumn ZONED = new SourceColumn("updated_at", 1, "timestamptz", 35, 6, false);
    private static final SourceColumn ID = new SourceColumn("event_id", 1, "int8", 19, 0, false);

    @Test
    void localDateTimesTakeADateAMinuteOrAFraction() {
        assertThat(WindowBounds.parse("--from", "2026-01-01", "sales.orders", TIMESTAMP, LOCAL))
                .isEqualTo(new KeyValue(KeyValue.TIMESTAMP, "2026-01-01T00:00:00"));
        assertThat(WindowBounds.parse("--to", "2026-01-01 06:30", "sales.orders", TIMESTAMP, LOCAL))
                .isEqualTo(new KeyValue(KeyValue.TIMESTAMP, "2026-01-01T06:30:00"));
        assertThat(WindowBounds.parse("--to", "2026-01-01T06:30:15.250", "sales.orders", TIMESTAMP, LOCAL))
                .isEqualTo(new KeyValue(KeyValue.TIMESTAMP, "2026-01-01T06:30:15.250"));
    }

    @Test
    void zonedColumnsTakeInstantsWithAnOffsetNormalisedToUtc() {
        assertThat(WindowBounds.parse("--from", "2026-01-01T07:00:00+01:00", "sales.orders", TIMESTAMP, ZONED))
                .isEqualTo(new KeyValue(KeyValue.TIMESTAMPTZ, "2026-01-01T06:00:00Z"));
        assertThatThrownBy(() -> WindowBounds.parse("--from", "2026-01-01", "sales.orders", TIMESTAMP, ZONED))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("--from 2026-01-01 is not an instant for sales.orders.updated_at (timestamptz, with a"
                        + " time zone): write it with an offset, e.g. 2026-01-01T06:00:00Z or"
                        + " 2026-01-01T07:00:00+01:00");
    }

    @Test
    void keyWatermarksTakeWholeNumbers() {
        assertThat(WindowBounds.parse("--to", "1000", "sales.events", KEY, ID))
                .isEqualTo(new KeyValue(KeyValue.BIGINT, "1000"));
        assertThatThrownBy(() -> WindowBounds.parse("--to", "10.5", "sales.events", KEY, ID))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("--to 10.5 is not a whole number for sales.events.event_id (int8)");
    }

    @Test
    void badDatesAndUnorderedWatermarksAreBadInput() {
        assertThatThrownBy(() -> WindowBounds.parse("--from", "yesterday", "sales.orders", TIMESTAMP, LOCAL))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("--from yesterday is not a date-time for sales.orders.updated_at (timestamp,")
                .extracting(e -> ((CommandFailure) e).exitCode()).isEqualTo(CommandFailure.BAD_INPUT);
        assertThatThrownBy(() -> WindowBounds.parse("--from", "1", "sales.products", FULL, ID))
                .isInstanceOf(CommandFailure.class)
                .hasMessageContaining("has a full watermark, which has no ordered bounds");
    }
}
