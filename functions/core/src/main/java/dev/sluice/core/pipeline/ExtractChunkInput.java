package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** One extraction Map item as the ExtractChunk step receives it: the run and the chunk's index in its plan. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtractChunkInput(RunRef run, int chunkIndex) {

    public ExtractChunkInput {
        Objects.requireNonNull(run, "run");
    }
}
