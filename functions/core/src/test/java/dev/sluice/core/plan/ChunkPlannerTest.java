package dev.sluice.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.KeyDistribution;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeySampler;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceIndex;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkWindow;
import dev.sluice.core.watermark.WatermarkWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

    static final TableRef REF = new TableRef("sales", "orders");

    /** A sampler that returns given points and records what it was asked. */
    static final class FakeSampler implements KeySampler {
        final List<KeyDistribution.Point> points;
        final List<KeyRange> asked = new ArrayList<>();

        FakeSampler(List<KeyDistribution.Point> points) {
            this.points = points;
        }

        @Override
        public KeyDistribution distribution(SourceTable table, List<String> columns, KeyRange within,
                                            int targetPoints) {
            asked.add(within);
            return new KeyDistribution(points, "fake sample");
        }
    }

    static KeyDistribution.Point point(long key, double rows) {
        return new KeyDistribution.Point(List.of(KeyValue.ofLong(key)), rows);
    }

    static SourceTable table(long rows, long bytes, boolean idNullable) {
        return new SourceTable(REF, List.of(new SourceColumn("id", 1, "int8", 0, 0, idNullable),
                new SourceColumn("updated_at", 2, "timestamptz", 6, 0, true)), List.of("id"),
                List.of(new SourceIndex("orders_pkey", List.of("id"), true, false)), rows, bytes);
    }

    static TableConfig config(WatermarkConfig.Type type, String column, ChunkBounds bounds) {
        return new TableConfig("erp", "sales.orders", List.of("id"), new WatermarkConfig(type, column, null, null),
                null, bounds, null, null, null, null, null, null);
    }

    static WatermarkWindow fullWindow() {
        return WatermarkWindows.next("sales.orders", new WatermarkConfig(Type.FULL, null, null, null), null,
                Optional.empty(), SourceReadings.clockOnly(KeyValue.ofInstant(Instant.parse("2026-11-22T10:00:00Z"))));
    }

    @Test
    void balancedBoundariesAtEqualCumulativeWeightWithOpenEnds() {
        // 10,000 rows: keys 1..100 each standing for 100 rows; at most 1,250 rows per chunk, planned at 80%
        // (1,000) to leave room for estimation error -> 10 chunks.
        FakeSampler sampler = new FakeSampler(IntStream.rangeClosed(1, 100).mapToObj(k -> point(k, 100)).toList());
        ChunkPlan plan = new ChunkPlanner(sampler).plan(config(Type.FULL, null, new ChunkBounds(1_250, 1L << 30)),
                table(10_000, 1_000_000, false), fullWindow(), "fp1", IsolationLevel.SNAPSHOT);

        assertThat(plan.chunks()).hasSize(10);
        assertThat(plan.chunks().getFirst().range().lowerExclusive()).isNull();
        assertThat(plan.chunks().getFirst().range().upperInclusive()).containsExactly(KeyValue.ofLong(10));
        assertThat(plan.chunks().get(4).range().lowerExclusive()).containsExactly(KeyValue.ofLong(40));
        assertThat(plan.chunks().get(4).range().upperInclusive()).containsExactly(KeyValue.ofLong(50));
        assertThat(plan.chunks().getLast().range().upperInclusive()).isNull();
        assertThat(plan.chunks()).allSatisfy(c -> assertThat(c.estimatedRows()).isEqualTo(1_000));
        for (int i = 1; i < plan.chunks().size(); i++) {
            assertThat(plan.chunks().get(i).range().lowerExclusive())
                    .isEqualTo(plan.chunks().get(i - 1).range().upperInclusive());
        }
        assertThat(sampler.asked).containsExactly(KeyRange.all(List.of("id")));
    }

    @Test
    void skewedKeysGetNarrowRangesWhereRowsAreDense() {
        // Keys 1..10 hold 90% of the rows; 11..1000 the rest.
        List<KeyDistribution.Point> points = new ArrayList<>();
        IntStream.rangeClosed(1, 10).forEach(k -> points.add(point(k, 900)));
        IntStream.rangeClosed(11, 1000).forEach(k -> points.add(point(k, 1000.0 / 990)));
        ChunkPlan plan = new ChunkPlanner(new FakeSampler(points)).plan(
                config(Type.FULL, null, new ChunkBounds(1_000, 1L << 30)), table(10_000, 1_000_000, false),
                fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.chunks().stream().filter(c -> c.range().upperInclusive() != null
                && Long.parseLong(c.range().upperInclusive().getFirst().value()) <= 10)).hasSizeGreaterThan(7);
        // A min/max stride would have put 9,000 rows in the first of ten chunks.
        assertThat(plan.chunks()).allSatisfy(c -> assertThat(c.estimatedRows()).isLessThanOrEqualTo(1_800));
    }

    @Test
    void duplicateBoundariesCollapse() {
        // One key holds nearly everything: all boundaries fall on it and collapse into one.
        List<KeyDistribution.Point> points = List.of(point(1, 1), point(5, 9_997), point(6, 1), point(7, 1));
        ChunkPlan plan = new ChunkPlanner(new FakeSampler(points)).plan(
                config(Type.FULL, null, new ChunkBounds(1_000, 1L << 30)), table(10_000, 1_000_000, false),
                fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.chunks()).hasSize(2);
        assertThat(plan.chunks().get(0).range().upperInclusive()).containsExactly(KeyValue.ofLong(5));
        assertThat(plan.chunks().get(1).range().lowerExclusive()).containsExactly(KeyValue.ofLong(5));
        assertThat(plan.chunks().get(1).range().upperInclusive()).isNull();
    }

    @Test
    void anEmptyByEstimateTableStillGetsOneOpenChunkWithoutSampling() {
        FakeSampler sampler = new FakeSampler(List.of());
        ChunkPlan plan = new ChunkPlanner(sampler).plan(config(Type.FULL, null, null), table(0, 8192, false),
                fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.chunks()).singleElement().satisfies(c -> {
            assertThat(c.range()).isEqualTo(KeyRange.all(List.of("id")));
            assertThat(c.kind()).isEqualTo(Chunk.Kind.RANGE);
        });
        assertThat(sampler.asked).isEmpty();
    }

    @Test
    void aNullableSplitColumnGetsANullChunk() {
        ChunkPlan plan = new ChunkPlanner(new FakeSampler(List.of())).plan(config(Type.FULL, null, null),
                table(10, 8192, true), fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.chunks()).extracting(Chunk::kind).containsExactly(Chunk.Kind.RANGE, Chunk.Kind.NULLS);
        assertThat(plan.chunks().get(1).range()).isEqualTo(KeyRange.nullKeys("id"));
    }

    @Test
    void bytesBoundTheChunkWhenRowsAreWide() {
        // 1,000 rows of 1 MiB each, at most 16 MiB per chunk -> 16 rows per chunk, planned at 12 -> 84 chunks.
        FakeSampler sampler = new FakeSampler(IntStream.rangeClosed(1, 1000).mapToObj(k -> point(k, 1)).toList());
        ChunkPlan plan = new ChunkPlanner(sampler).plan(config(Type.FULL, null, new ChunkBounds(1_000_000, 16L << 20)),
                table(1_000, 1_000L << 20, false), fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.rowsPerChunk()).isEqualTo(16);
        assertThat(plan.chunks()).hasSize(84).allSatisfy(c -> assertThat(c.estimatedRows()).isLessThanOrEqualTo(16));
    }

    @Test
    void backfillTimeChunksRunOldestFirstUpToTheWindowHighPlusANullChunk() {
        KeyValue high = KeyValue.ofInstant(Instant.parse("2026-11-22T09:59:30Z"));
        WatermarkWindow window = new WatermarkWindow(Type.TIMESTAMP, "updated_at", null, high, null, high, true,
                false, "safety lag", List.of());
        List<KeyDistribution.Point> points = IntStream.range(0, 30).mapToObj(h -> new KeyDistribution.Point(
                List.of(KeyValue.ofInstant(Instant.parse("2026-11-20T00:00:00Z").plusSeconds(3600L * h))), 100))
                .toList();
        FakeSampler sampler = new FakeSampler(points);
        ChunkPlan plan = new ChunkPlanner(sampler).plan(
                config(Type.TIMESTAMP, "updated_at", new ChunkBounds(1_250, 1L << 30)), table(100_000, 10_000_000, false),
                window, "fp1", IsolationLevel.READ_COMMITTED);
        assertThat(sampler.asked).containsExactly(KeyRange.between("updated_at", null, high));
        assertThat(plan.mode()).isEqualTo("timestamp-backfill");
        assertThat(plan.splitColumns()).containsExactly("updated_at");
        List<Chunk> ranges = plan.chunks().subList(0, plan.chunks().size() - 1);
        assertThat(ranges).hasSize(3);
        assertThat(ranges.getFirst().range().lowerExclusive()).isNull();
        assertThat(ranges.getLast().range().upperInclusive()).containsExactly(high);
        assertThat(plan.chunks().getLast().kind()).isEqualTo(Chunk.Kind.NULLS);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("watermark column updated_at") && w.contains("leads no index"));
    }

    @Test
    void incrementalWindowsAreSplitInsideTheWindowAndGetNoNullChunk() {
        KeyValue lo = KeyValue.ofLong(100);
        KeyValue hi = KeyValue.ofLong(5_000);
        WatermarkWindow window = WatermarkWindows.next("sales.orders", new WatermarkConfig(Type.KEY, "id", null, null),
                null, Optional.of(new Watermark(Type.KEY, "id", null, lo, lo, "r0", Instant.EPOCH)),
                SourceReadings.key(KeyValue.ofInstant(Instant.EPOCH), hi));
        // The sample saw 49 points standing for 100 rows each, the last one at the window's upper bound.
        FakeSampler sampler = new FakeSampler(IntStream.rangeClosed(1, 49).mapToObj(i -> point(100 + i * 100L, 100))
                .toList());
        ChunkPlan plan = new ChunkPlanner(sampler).plan(config(Type.KEY, "id", new ChunkBounds(1_250, 1L << 30)),
                table(1_000_000, 100_000_000, true), window, "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.mode()).isEqualTo("key-incremental");
        assertThat(plan.chunks()).hasSize(5).allMatch(c -> c.kind() == Chunk.Kind.RANGE);
        assertThat(plan.chunks().getFirst().range().lowerExclusive()).containsExactly(lo);
        assertThat(plan.chunks().getLast().range().upperInclusive()).containsExactly(hi);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("still open"));
    }

    @Test
    void changeTrackingIncrementIsOneChangesChunkAndNothingNewHasNoChunks() {
        TableConfig ct = config(Type.CHANGE_TRACKING, null, null);
        WatermarkWindow increment = new WatermarkWindow(Type.CHANGE_TRACKING, null, KeyValue.ofLong(10),
                KeyValue.ofLong(20), KeyValue.ofLong(10), KeyValue.ofInstant(Instant.EPOCH), false, false,
                "current version", List.of());
        ChunkPlan plan = new ChunkPlanner(new FakeSampler(List.of())).plan(ct, table(5, 8192, false), increment,
                "fp1", IsolationLevel.SNAPSHOT);
        assertThat(plan.chunks()).singleElement().extracting(Chunk::kind).isEqualTo(Chunk.Kind.CHANGES);
        assertThat(plan.warnings()).isEmpty();
        assertThat(new ChunkPlanner(new FakeSampler(List.of())).plan(ct, table(5, 8192, false), increment, "fp1",
                IsolationLevel.READ_COMMITTED).warnings()).singleElement().asString()
                .contains("isolation read committed, not snapshot").contains("use isolation snapshot");
        WatermarkWindow nothing = new WatermarkWindow(Type.CHANGE_TRACKING, null, KeyValue.ofLong(20),
                KeyValue.ofLong(20), KeyValue.ofLong(20), KeyValue.ofInstant(Instant.EPOCH), false, true,
                "current version", List.of());
        ChunkPlan empty = new ChunkPlanner(new FakeSampler(List.of())).plan(ct, table(5, 8192, false), nothing,
                "fp1", IsolationLevel.SNAPSHOT);
        assertThat(empty.nothingNew()).isTrue();
        assertThat(empty.chunks()).isEmpty();
    }

    @Test
    void readUncommittedAndMissingStatisticsAreWarnedAbout() {
        ChunkPlan plan = new ChunkPlanner(new FakeSampler(List.of())).plan(config(Type.FULL, null, null),
                table(-1, 64 * 10, false), fullWindow(), "fp1", IsolationLevel.READ_UNCOMMITTED);
        assertThat(plan.warnings()).anyMatch(w -> w.contains("NOLOCK"));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("never analyzed"));
        assertThat(plan.rowEstimate()).isEqualTo(10);
    }

    @Test
    void idsAreDeterministicReadableAndChangeWithTheirInputs() {
        FakeSampler sampler = new FakeSampler(IntStream.rangeClosed(1, 100).mapToObj(k -> point(k, 100)).toList());
        ChunkPlanner planner = new ChunkPlanner(sampler);
        TableConfig cfg = config(Type.FULL, null, new ChunkBounds(1_250, 1L << 30));
        ChunkPlan a = planner.plan(cfg, table(10_000, 1_000_000, false), fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        ChunkPlan b = planner.plan(cfg, table(10_000, 1_000_000, false), fullWindow(), "fp1", IsolationLevel.SNAPSHOT);
        ChunkPlan c = planner.plan(cfg, table(10_000, 1_000_000, false), fullWindow(), "fp2", IsolationLevel.SNAPSHOT);
        assertThat(a.runId()).matches("r20261122-[0-9a-f]{12}").isEqualTo(b.runId()).isEqualTo(c.runId());
        assertThat(a.chunks().get(3).id()).matches("c00003-[0-9a-f]{12}").isEqualTo(b.chunks().get(3).id());
        assertThat(c.chunks().get(3).id()).isNotEqualTo(a.chunks().get(3).id());
        assertThat(a.chunks()).extracting(Chunk::id).doesNotHaveDuplicates();
        WatermarkWindow later = WatermarkWindows.next("sales.orders", new WatermarkConfig(Type.FULL, null, null, null),
                null, Optional.empty(), SourceReadings.clockOnly(KeyValue.ofInstant(Instant.parse("2026-11-23T10:00:00Z"))));
        assertThat(planner.plan(cfg, table(10_000, 1_000_000, false), later, "fp1", IsolationLevel.SNAPSHOT).runId())
                .startsWith("r20261123-").isNotEqualTo(a.runId());
    }
}
