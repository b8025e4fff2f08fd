package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The SealRun step's result ({@code $.seal}): where {@code run.json} is and the run's totals. */
@JsonPropertyOrder({"runManifestKey", "chunks", "rows", "bytes"})
public record SealRunResult(String runManifestKey, int chunks, long rows, long bytes) {
}
