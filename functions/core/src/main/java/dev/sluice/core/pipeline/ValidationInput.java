package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** The input of CheckValidation: {@code {"run": <RunRef>, "validation": <ValidationState>}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationInput(RunRef run, ValidationState validation) {

    public ValidationInput {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(validation, "validation");
    }
}
