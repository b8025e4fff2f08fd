package dev.sluice.local.runner;

/**
 * The local state machine runner itself could not run an execution (no usable node, no {@code node_modules}, an
 * invalid definition, a timeout): a problem of the machine or the definition, never a step's failure, which is
 * reported in {@link ExecutionResult} as Step Functions reports it.
 */
public final class StateMachineRunnerException extends RuntimeException {

    public StateMachineRunnerException(String message) {
        super(message);
    }

    public StateMachineRunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
