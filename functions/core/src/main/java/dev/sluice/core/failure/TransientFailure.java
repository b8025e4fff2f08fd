package dev.sluice.core.failure;

/** Throttling, a dropped connection or a service hiccup: the state machine retries it with backoff and jitter. */
public final class TransientFailure extends SluiceFailure {

    public TransientFailure(String message) {
        super(message, null);
    }

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.TRANSIENT;
    }
}
