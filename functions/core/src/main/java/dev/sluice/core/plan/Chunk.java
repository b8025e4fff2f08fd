package dev.sluice.core.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.source.KeyRange;

/**
 * One bounded unit of extraction: the rows of {@code range} (for {@link Kind#CHANGES}, the change tracking window
 * of the plan), read by one ExtractChunk invocation into one Parquet part.
 *
 * @param estimatedRows the planner's estimate from statistics or the sample (for sizing and time estimates only)
 */
@JsonPropertyOrder({"index", "id", "kind", "range", "estimatedRows"})
public record Chunk(int index, String id, Kind kind, KeyRange range, long estimatedRows) {

    public enum Kind {
        /** A keyset or time range: {@code (lowerExclusive, upperInclusive]} over the range's columns. */
        @JsonProperty("range") RANGE,
        /** The rows whose split or watermark column IS NULL. */
        @JsonProperty("nulls") NULLS,
        /** SQL Server change tracking: CHANGETABLE(CHANGES ...) between the window's versions. */
        @JsonProperty("changes") CHANGES
    }
}
