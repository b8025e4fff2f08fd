package dev.sluice.core.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.watermark.WatermarkWindow;
import java.util.List;

/**
 * A run's chunk plan, written to {@code _sluice/runs/<source>/<schema>.<table>/<runId>/plan.json} and read by the
 * Distributed Map: the run's identity and window, how the chunks were balanced, the warnings the data engineer
 * must see, and the chunks in order. An empty window ("nothing new") has no chunks.
 *
 * @param mode           {@code <watermark type>-backfill}, {@code <watermark type>-incremental} or {@code full}
 * @param splitColumns   the columns the chunk ranges are over
 * @param boundaryMethod where the chunk boundaries came from (statistics histogram, sample, one chunk)
 */
@JsonPropertyOrder({"formatVersion", "source", "table", "runId", "mode", "window", "schemaFingerprint", "isolation",
        "splitColumns", "rowEstimate", "bytesEstimate", "rowsPerChunk", "boundaryMethod", "nothingNew", "warnings",
        "chunks"})
public record ChunkPlan(
        int formatVersion,
        String source,
        String table,
        String runId,
        String mode,
        WatermarkWindow window,
        String schemaFingerprint,
        IsolationLevel isolation,
        List<String> splitColumns,
        long rowEstimate,
        long bytesEstimate,
        long rowsPerChunk,
        String boundaryMethod,
        boolean nothingNew,
        List<String> warnings,
        List<Chunk> chunks) {

    public static final int FORMAT_VERSION = 1;

    public ChunkPlan {
        splitColumns = List.copyOf(splitColumns);
        warnings = List.copyOf(warnings);
        chunks = List.copyOf(chunks);
    }

    /** The estimated rows of all chunks. */
    public long estimatedRows() {
        return chunks.stream().mapToLong(Chunk::estimatedRows).sum();
    }
}
