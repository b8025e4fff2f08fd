package dev.sluice.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.source.KeyDistribution;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of splitting a sorted distribution into chunks, for any points, weights and chunk counts: chunks are
 * contiguous from the range's lower to its upper bound, every boundary is one of the source's points, no boundary
 * repeats, there are never more chunks than asked, and the estimated rows add up.
 */
class ChunkSplitPropertiesTest {

    @Property(tries = 200)
    void chunksAreContiguousDistinctAndBounded(
            @ForAll @Size(max = 300) List<@IntRange(min = -50, max = 50) Integer> deltas,
            @ForAll @IntRange(min = 1, max = 40) int count,
            @ForAll @IntRange(min = 1, max = 1000) int weight,
            @ForAll boolean openLower) {
        // Keys as the source would sort them: a non-decreasing walk (repeats allowed, gaps, negatives).
        List<KeyDistribution.Point> points = new ArrayList<>();
        long key = -1_000;
        for (int d : deltas) {
            key += Math.abs(d) % 7 == 0 ? 0 : Math.abs(d);
            points.add(new KeyDistribution.Point(List.of(KeyValue.ofLong(key)), weight * (1 + Math.abs(d) % 3)));
        }
        KeyRange within = openLower ? KeyRange.all(List.of("k"))
                : KeyRange.between("k", KeyValue.ofLong(-5_000), KeyValue.ofLong(key + 1));
        KeyDistribution distribution = new KeyDistribution(points, "generated");
        double estimate = distribution.estimatedRows();

        List<ChunkPlanner.Draft> drafts = ChunkPlanner.split(distribution, within, count, estimate);

        assertThat(drafts).isNotEmpty().hasSizeLessThanOrEqualTo(count);
        assertThat(drafts.getFirst().range().lowerExclusive()).isEqualTo(within.lowerExclusive());
        assertThat(drafts.getLast().range().upperInclusive()).isEqualTo(within.upperInclusive());
        List<List<KeyValue>> pointKeys = points.stream().map(KeyDistribution.Point::key).toList();
        for (int i = 1; i < drafts.size(); i++) {
            List<KeyValue> boundary = drafts.get(i).range().lowerExclusive();
            assertThat(boundary).isEqualTo(drafts.get(i - 1).range().upperInclusive());
            assertThat(pointKeys).contains(boundary);
            if (i > 1) {
                assertThat(boundary).isNotEqualTo(drafts.get(i - 1).range().lowerExclusive());
            }
        }
        long rows = drafts.stream().mapToLong(ChunkPlanner.Draft::rows).sum();
        assertThat((double) rows).isCloseTo(estimate, org.assertj.core.data.Offset.offset(drafts.size() + 0.5));
    }
}
