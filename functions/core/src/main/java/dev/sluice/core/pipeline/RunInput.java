package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** The input of the steps that take only the run ({@code {"run": <RunRef>}}): SealRun and Commit. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInput(RunRef run) {

    public RunInput {
        Objects.requireNonNull(run, "run");
    }
}
