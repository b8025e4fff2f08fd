package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The Plan step's result ({@code $.plan}): which run, where its plan and item list are, and how the extraction Map
 * runs it.
 *
 * @param run            the run (its id even when there is nothing new)
 * @param nothingNew     the window is empty: the lease is released and the execution ends
 * @param planKey        the key of {@code plan.json} (null when nothing new)
 * @param bucket         the lake bucket the keys are in
 * @param itemsKey       the key of {@code items.json} (null when nothing new)
 * @param chunkCount     the number of chunks
 * @param distributed    the Distributed Map reads {@code items.json}; otherwise the inline Map reads {@code items}
 * @param maxConcurrency chunks extracted at once: the source's read budget
 * @param items          the chunk items, for inline plans only (empty when distributed)
 */
@JsonPropertyOrder({"run", "nothingNew", "planKey", "bucket", "itemsKey", "chunkCount", "distributed",
        "maxConcurrency", "items"})
public record PlanResult(RunRef run, boolean nothingNew, String planKey, String bucket, String itemsKey,
                         int chunkCount, boolean distributed, int maxConcurrency, List<ChunkItem> items) {

    public PlanResult {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
