package dev.sluice.core.failure;

/** The warehouse load failed and was rolled back, or staged a different number of rows than the manifests. */
public final class LoadFailure extends SluiceFailure {

    public LoadFailure(String message) {
        super(message, null);
    }

    public LoadFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.LOAD;
    }
}
