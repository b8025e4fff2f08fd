package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * The Plan step's input: the execution's {@link RunRequest} and the execution id ({@code $$.Execution.Id}), which
 * becomes the lease holder.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanInput(RunRequest request, String executionId) {

    public PlanInput {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(executionId, "executionId");
    }
}
