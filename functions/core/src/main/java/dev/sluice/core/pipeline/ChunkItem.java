package dev.sluice.core.pipeline;

/**
 * One item of a run's extraction Map: the chunk to extract, by its index in the plan. Inline in the Plan step's
 * result for small plans, else listed in {@code items.json} for the Distributed Map's ItemReader.
 */
public record ChunkItem(int chunkIndex) {
}
