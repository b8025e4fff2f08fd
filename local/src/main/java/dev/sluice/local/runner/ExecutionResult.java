package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How one local execution (or one redrive of it) ended, with what {@link LocalStateMachineRunner#redrive} needs to
 * continue it as Step Functions would.
 *
 * @param executionId the execution's ARN ({@code $$.Execution.Id}); a redrive keeps it
 * @param executionName the execution's name ({@code $$.Execution.Name})
 * @param redriveCount {@code $$.Execution.RedriveCount} during this run: 0, then 1 after the first redrive
 * @param status how the execution ended
 * @param output the execution's output when it succeeded, else null
 * @param error the failure's error name ({@code States.*} or a function's {@code errorType}) when it failed
 * @param cause the failure's cause as Step Functions records it (for a function error, the JSON error document)
 * @param failedState the top-level state the execution failed in (a redrive restarts there), else null
 * @param failedStateInput that state's raw input (before {@code InputPath}/{@code Parameters}), else null
 * @param taskInvocations every function call of this run, in call order
 * @param enteredStates the top-level states entered, in order
 * @param definition the definition file that ran
 * @param options the options it ran with (a redrive reuses them)
 */
public record ExecutionResult(String executionId, String executionName, int redriveCount, ExecutionStatus status,
        JsonNode output, String error, String cause, String failedState, JsonNode failedStateInput,
        List<TaskInvocation> taskInvocations, List<String> enteredStates, Path definition, ExecutionOptions options) {

    public ExecutionResult {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(status, "status");
        taskInvocations = List.copyOf(taskInvocations);
        enteredStates = List.copyOf(enteredStates);
    }

    /** Whether the execution succeeded. */
    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The calls of the functions of Task state {@code state}, in call order. */
    public List<TaskInvocation> invocationsOf(String state) {
        return taskInvocations.stream().filter(i -> i.state().equals(state)).toList();
    }
}
