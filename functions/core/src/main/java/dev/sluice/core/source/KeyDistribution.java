package dev.sluice.core.source;

import java.util.List;

/**
 * Where a table's rows lie along a key, as the source sees it: points in the source's own key order (the
 * database sorted them, so its collation decides), each standing for an estimated number of rows.
 *
 * @param points in ascending key order as sorted by the source; equal neighbours allowed
 * @param method how the points were obtained, for the plan ({@code pg_stats histogram}, {@code sample 10% ...})
 */
public record KeyDistribution(List<Point> points, String method) {

    public KeyDistribution {
        points = List.copyOf(points);
    }

    /** A key tuple and the rows it stands for. */
    public record Point(List<KeyValue> key, double rows) {
        public Point {
            key = List.copyOf(key);
        }
    }

    /** The estimated number of rows the points stand for. */
    public double estimatedRows() {
        return points.stream().mapToDouble(Point::rows).sum();
    }
}
