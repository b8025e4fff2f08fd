package dev.sluice.local.runner;

/**
 * One step's Lambda function as the local state machine runner calls it: the handler's JSON in, JSON out. An
 * exception is reported to the state machine the way the Java Lambda runtime reports it, with the exception's fully
 * qualified class name as the {@code errorType} that {@code Retry}/{@code Catch} {@code ErrorEquals} match.
 */
@FunctionalInterface
public interface LocalFunction {

    /**
     * Runs the function on {@code inputJson} (the Task's effective input, after {@code InputPath} and
     * {@code Parameters}) and returns its result as JSON.
     */
    String invoke(String inputJson) throws Exception;
}
