package dev.sluice.local.runner;

/** How a local execution ended, named as Step Functions names execution statuses. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    /** The definition's top-level {@code TimeoutSeconds} elapsed. */
    TIMED_OUT;

    /** Whether Step Functions would allow redriving an execution that ended so. */
    public boolean redrivable() {
        return this != SUCCEEDED;
    }
}
