package dev.sluice.core.failure;

/** The source cannot be read (unreachable, credentials, permissions, a failing query). */
public final class SourceFailure extends SluiceFailure {

    public SourceFailure(String message) {
        super(message, null);
    }

    public SourceFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.SOURCE;
    }
}
