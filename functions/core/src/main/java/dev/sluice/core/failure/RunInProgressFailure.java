package dev.sluice.core.failure;

/** Another execution holds the table's lease; this one changed nothing. */
public final class RunInProgressFailure extends SluiceFailure {

    public RunInProgressFailure(String message) {
        super(message, null);
    }

    public RunInProgressFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.RUN_IN_PROGRESS;
    }
}
