package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * The input of the steps that need only the run ({@code {"run": <RunRef>}}): SealRun, StartCrawler,
 * StartValidation, StartLoad and Commit. Other fields of the state document are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInput(RunRef run) {

    public RunInput {
        Objects.requireNonNull(run, "run");
    }
}
