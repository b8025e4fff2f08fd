package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one chunk produced (the Map discards it; logs and local runs show it).
 *
 * @param extracted false when the chunk was already committed and the source was not read again
 */
@JsonPropertyOrder({"chunkId", "rows", "bytes", "extracted"})
public record ExtractChunkResult(String chunkId, long rows, long bytes, boolean extracted) {
}
