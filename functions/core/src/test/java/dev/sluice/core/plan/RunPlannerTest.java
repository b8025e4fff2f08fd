package dev.sluice.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceCatalog;
import dev.sluice.core.source.SourceClock;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.watermark.Watermark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunPlannerTest {

    final SourceTable orders = ChunkPlannerTest.table(100, 8192, false);
    final List<String> clockCalls = new ArrayList<>();
    final SourceCatalog catalog = ref -> {
        assertThat(ref).isEqualTo(ChunkPlannerTest.REF);
        return orders;
    };

    SourceClock clock(SourceReadings readings) {
        return (ref, type, column) -> {
            clockCalls.add(type + ":" + (column == null ? null : column.name()));
            return readings;
        };
    }

    static TableConfig table(WatermarkConfig wm, String split) {
        return new TableConfig("erp", "sales.orders", List.of("id"), wm, split, null, null, null, null, null, null,
                null);
    }

    @Test
    void plansTheNextWindowFromTheCommittedWatermark() {
        KeyValue now = KeyValue.ofInstant(Instant.parse("2026-11-22T10:00:00Z"));
        RunPlanner planner = new RunPlanner(catalog, clock(SourceReadings.key(now, KeyValue.ofLong(90))),
                new ChunkPlannerTest.FakeSampler(List.of()));
        Watermark committed = new Watermark(Type.KEY, "id", null, KeyValue.ofLong(40), now, "r0", Instant.EPOCH);
        ChunkPlan plan = planner.plan(table(new WatermarkConfig(Type.KEY, "id", null, null), null),
                IsolationLevel.SNAPSHOT, Optional.of(committed), "fp");
        assertThat(clockCalls).containsExactly("KEY:id");
        assertThat(plan.window().lowerExclusive()).isEqualTo(KeyValue.ofLong(40));
        assertThat(plan.window().upperInclusive()).isEqualTo(KeyValue.ofLong(90));
        assertThat(plan.mode()).isEqualTo("key-incremental");
        assertThat(plan.chunks()).isNotEmpty();
    }

    @Test
    void noWatermarkInConfigMeansFull() {
        RunPlanner planner = new RunPlanner(catalog,
                clock(SourceReadings.clockOnly(KeyValue.ofInstant(Instant.parse("2026-11-22T10:00:00Z")))),
                new ChunkPlannerTest.FakeSampler(List.of()));
        ChunkPlan plan = planner.plan(table(null, null), IsolationLevel.SNAPSHOT, Optional.empty(), "fp");
        assertThat(plan.mode()).isEqualTo("full");
        assertThat(clockCalls).containsExactly("FULL:null");
    }

    @Test
    void unknownConfiguredColumnsAreNamedWithTheirConfigPath() {
        RunPlanner planner = new RunPlanner(catalog, clock(null), new ChunkPlannerTest.FakeSampler(List.of()));
        assertThatThrownBy(() -> planner.plan(table(new WatermarkConfig(Type.TIMESTAMP, "modified", null, null), null),
                IsolationLevel.SNAPSHOT, Optional.empty(), "fp"))
                .hasMessageContaining("tables[sales.orders].watermark.column names column modified");
        assertThatThrownBy(() -> planner.plan(table(null, "grp"), IsolationLevel.SNAPSHOT, Optional.empty(), "fp"))
                .hasMessageContaining("tables[sales.orders].splitColumn names column grp");
        assertThat(clockCalls).isEmpty();
    }
}
