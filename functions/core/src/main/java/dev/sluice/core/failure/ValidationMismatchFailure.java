package dev.sluice.core.failure;

/** Validation found the lake differs from the chunk manifests or from the source sample. */
public final class ValidationMismatchFailure extends SluiceFailure {

    public ValidationMismatchFailure(String message) {
        super(message, null);
    }

    public ValidationMismatchFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.VALIDATION_MISMATCH;
    }
}
