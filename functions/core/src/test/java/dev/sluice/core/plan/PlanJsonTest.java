package dev.sluice.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.KeyDistribution;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.watermark.WatermarkWindow;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    /** A plan over a composite key of every awkward type: strings with accents, negatives, timestamps, UUIDs. */
    static ChunkPlan plan() {
        return plan(LocalDateTime.parse("2026-11-22T10:00:00.5"));
    }

    /** The same plan as of another source clock reading (a full run's window is "the whole table, as of now"). */
    static ChunkPlan plan(LocalDateTime sourceClock) {
        List<KeyDistribution.Point> points = List.of(
                key("Zoë ", -42, "2026-01-01T00:00:00.1234567"),
                key("äpfel", 0, "2026-01-02T00:00"),
                key("Apfel und Birne", Long.MIN_VALUE, "2026-01-03T00:00"),
                key("zebra", 7, "2026-01-04T00:00"));
        SourceTable table = new SourceTable(ChunkPlannerTest.REF, List.of(
                new SourceColumn("name", 1, "nvarchar", 50, 0, false),
                new SourceColumn("n", 2, "bigint", 0, 0, false),
                new SourceColumn("at", 3, "datetime2", 7, 0, false)), List.of("name", "n", "at"), List.of(),
                400, 400 * 100);
        KeyValue high = KeyValue.ofTimestamp(sourceClock);
        WatermarkWindow window = new WatermarkWindow(Type.FULL, null, null, null, null, high, true, false,
                "whole table", List.of("a warning"));
        var config = new dev.sluice.core.config.TableConfig("erp", "sales.orders", List.of("name", "n", "at"),
                null, null, new ChunkBounds(125, 1L << 30), null, null, null, null, null, null);
        return new ChunkPlanner(new ChunkPlannerTest.FakeSampler(points)).plan(config, table, window,
                "tm1:" + UUID.nameUUIDFromBytes("x".getBytes(StandardCharsets.UTF_8)), IsolationLevel.SNAPSHOT);
    }

    static KeyDistribution.Point key(String s, long n, String at) {
        return new KeyDistribution.Point(List.of(KeyValue.ofString(s), KeyValue.ofLong(n),
                KeyValue.ofTimestamp(LocalDateTime.parse(at))), 100);
    }

    @Test
    void identicalInputsGiveIdenticalBytes() {
        String first = PlanJson.write(plan());
        String second = PlanJson.write(plan());
        assertThat(first.getBytes(StandardCharsets.UTF_8)).isEqualTo(second.getBytes(StandardCharsets.UTF_8));
        assertThat(first).doesNotContain("\r").endsWith("}\n");
        assertThat(first.indexOf("\"formatVersion\"")).isLessThan(first.indexOf("\"runId\""));
        assertThat(first.indexOf("\"runId\"")).isLessThan(first.indexOf("\"chunks\""));
    }

    @Test
    void keysAreTypedValuesThatRoundTripExactly() {
        ChunkPlan original = plan();
        String json = PlanJson.write(original);
        assertThat(json).contains("\"type\" : \"bigint\",\n")
                .contains("\"value\" : \"-9223372036854775808\"")
                .contains("\"value\" : \"Apfel und Birne\"")
                .contains("\"value\" : \"2026-01-01T00:00:00.123456700\"");
        ChunkPlan read = PlanJson.read(json);
        assertThat(read).isEqualTo(original);
        assertThat(PlanJson.write(read)).isEqualTo(json);
        assertThat(read.chunks()).hasSize(4);
        assertThat(read.chunks().get(1).range().lowerExclusive().getFirst()).isEqualTo(KeyValue.ofString("Zoë "));
    }

    @Test
    void aFullPlanIsIdentifiedByItsAsOfClock() {
        ChunkPlan p = plan();
        assertThat(p.runId()).startsWith("r20261122-");
        assertThat(p.mode()).isEqualTo("full");
        assertThat(plan(LocalDateTime.parse("2026-11-22T10:00:00.5")).runId()).isEqualTo(p.runId());
        ChunkPlan later = plan(LocalDateTime.parse("2026-11-22T11:00:00.5"));
        assertThat(later.runId()).startsWith("r20261122-").isNotEqualTo(p.runId());
    }
}
