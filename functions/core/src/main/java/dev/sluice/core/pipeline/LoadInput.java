package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** The input of CheckLoad: {@code {"run": <RunRef>, "load": <LoadState>}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadInput(RunRef run, LoadState load) {

    public LoadInput {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(load, "load");
    }
}
