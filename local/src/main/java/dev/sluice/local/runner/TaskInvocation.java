package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a Task state's function during a local execution, in call order (retries are separate calls; Map
 * iterations appear in the order they started).
 *
 * @param state the Task state's name
 * @param function the function the call was routed to (the Resource's function name, else the state name)
 * @param input the effective input the function received
 * @param output the function's result, or null when it failed
 * @param errorType the failure's {@code errorType} (a fully qualified class name for a Java function), or null
 * @param errorMessage the failure's message, or null
 */
public record TaskInvocation(String state, String function, JsonNode input, JsonNode output, String errorType,
        String errorMessage) {

    /** Whether the function returned a result. */
    public boolean succeeded() {
        return errorType == null;
    }
}
