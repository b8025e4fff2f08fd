package dev.sluice.core.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.plan.ChunkPlanner;
import dev.sluice.core.plan.RunId;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceReadings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ExplicitWindowTest {

    private static final String TABLE = "sales.orders";
    private final WatermarkConfig timestamp = new WatermarkConfig(Type.TIMESTAMP, "updated_at", Duration.ofMinutes(5),
            Duration.ofSeconds(30));
    private final SourceColumn local = new SourceColumn("updated_at", 3, "timestamp", 6, 0, false);
    private final SourceReadings now = SourceReadings.timestamp(
            KeyValue.ofTimestamp(LocalDateTime.parse("2026-03-01T00:00:00")), null, true);

    private static KeyValue ts(String text) {
        return KeyValue.ofTimestamp(LocalDateTime.parse(text));
    }

    @Test
    void theWindowIsExactlyTheGivenBoundsWithoutLookbackOrLag() {
        WatermarkWindow w = WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-01-01T00:00:00"),
                ts("2026-02-01T00:00:00"), now);

        assertThat(w.lowerExclusive()).isEqualTo(ts("2026-01-01T00:00:00"));
        assertThat(w.upperInclusive()).isEqualTo(ts("2026-02-01T00:00:00"));
        assertThat(w.range()).isEqualTo(KeyRange.between("updated_at", ts("2026-01-01T00:00:00"),
                ts("2026-02-01T00:00:00")));
        assertThat(w.backfill()).isFalse();
        assertThat(w.empty()).isFalse();
        assertThat(w.previousHigh()).isNull();
        assertThat(w.sourceClock()).isEqualTo(now.dbNow());
        assertThat(w.boundedBy()).isEqualTo("explicit window");
        assertThat(w.warnings()).isEmpty();
    }

    @Test
    void aHighPastTheCommitSafeBoundIsAllowedWithAWarning() {
        WatermarkWindow w = WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-02-01T00:00:00"),
                ts("2026-03-02T00:00:00"), now);

        assertThat(w.upperInclusive()).isEqualTo(ts("2026-03-02T00:00:00"));
        assertThat(w.warnings()).singleElement().asString().contains("2026-02-28T23:59:30", "safety lag");
    }

    @Test
    void theRunIdFollowsTheBoundsAndDiffersFromTheIncrementalRunOfTheSameBounds() {
        WatermarkWindow jan = WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-01-01T00:00:00"),
                ts("2026-02-01T00:00:00"), now);
        WatermarkWindow janLater = WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-01-01T00:00:00"),
                ts("2026-02-01T00:00:00"), SourceReadings.timestamp(ts("2026-04-01T00:00:00"), null, true));
        WatermarkWindow feb = WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-02-01T00:00:00"),
                ts("2026-03-01T00:00:00"), now);

        assertThat(ChunkPlanner.windowMode(jan)).isEqualTo("timestamp-window");
        String id = RunId.of("demo", TABLE, ChunkPlanner.windowMode(jan), jan).value();
        assertThat(id).startsWith("r20260201-");
        assertThat(RunId.of("demo", TABLE, ChunkPlanner.windowMode(janLater), janLater).value()).isEqualTo(id);
        assertThat(RunId.of("demo", TABLE, ChunkPlanner.windowMode(feb), feb).value()).isNotEqualTo(id);
        assertThat(RunId.of("demo", TABLE, ChunkPlanner.mode(jan), jan).value()).isNotEqualTo(id);
    }

    @Test
    void boundsMustFitTheColumnAndBeOrdered() {
        assertThatThrownBy(() -> WatermarkWindows.explicit(TABLE, timestamp, local,
                KeyValue.ofInstant(Instant.parse("2026-01-01T00:00:00Z")), ts("2026-02-01T00:00:00"), now))
                .isInstanceOf(WatermarkException.class)
                .hasMessageContaining("updated_at").hasMessageContaining("\"type\": \"timestamp\"");
        assertThatThrownBy(() -> WatermarkWindows.explicit(TABLE, timestamp, local, ts("2026-02-01T00:00:00"),
                ts("2026-02-01T00:00:00"), now))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("\"from\" must be before \"to\"");
        WatermarkConfig key = new WatermarkConfig(Type.KEY, "id", null, null);
        SourceColumn id = new SourceColumn("id", 1, "int8", 19, 0, false);
        SourceReadings keys = SourceReadings.key(ts("2026-03-01T00:00:00"), KeyValue.ofLong(500));
        assertThatThrownBy(() -> WatermarkWindows.explicit(TABLE, key, id, ts("2026-01-01T00:00:00"),
                ts("2026-02-01T00:00:00"), keys))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("\"type\": \"bigint\"");
        assertThat(WatermarkWindows.explicit(TABLE, key, id, KeyValue.ofLong(100), KeyValue.ofLong(200), keys)
                .range()).isEqualTo(KeyRange.between("id", KeyValue.ofLong(100), KeyValue.ofLong(200)));
    }

    @Test
    void fullAndChangeTrackingTablesHaveNoWindowToRun() {
        assertThatThrownBy(() -> WatermarkWindows.explicit(TABLE, new WatermarkConfig(Type.FULL, null, null, null),
                null, KeyValue.ofLong(1), KeyValue.ofLong(2), now))
                .isInstanceOf(WatermarkException.class).hasMessageContaining("use mode backfill");
    }
}
