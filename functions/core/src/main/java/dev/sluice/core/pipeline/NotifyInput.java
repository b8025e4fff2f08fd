package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The Notify step's input. NotifySuccess passes {@code {"outcome": "SUCCEEDED", "run"}}; NotifyFailure passes
 * {@code {"outcome": "FAILED", "executionId", "redriveCount": $$.Execution.RedriveCount, "state": $}} (the whole state
 * document: the request at its root, {@code plan}, {@code seal}, ..., {@code failure} and {@code failedStep}).
 *
 * @param outcome       {@code SUCCEEDED} or {@code FAILED}
 * @param run           the run, when one was planned (NotifySuccess); failures read {@code state.plan.run}
 * @param executionId   the execution (the lease holder)
 * @param redriveCount  the execution's redrive count now (null counts as 0)
 * @param state         the state document, for failures
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotifyInput(String outcome, RunRef run, String executionId, Integer redriveCount, JsonNode state) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public NotifyInput {
        Objects.requireNonNull(outcome, "outcome");
    }
}
