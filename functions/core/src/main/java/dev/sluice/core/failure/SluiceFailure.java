package dev.sluice.core.failure;

import java.util.Objects;

/**
 * A failure that crosses a step boundary (the Lambda error, the local runner's error): one subclass per
 * {@link FailureClass}, so the state machine matches the class by the exception's fully qualified name. Step code
 * translates its domain exceptions into these at the step boundary; the message names the table, run and chunk and
 * says what to do, and never carries a secret.
 */
public abstract sealed class SluiceFailure extends RuntimeException
        permits TransientFailure, SourceFailure, SchemaDriftFailure, ValidationMismatchFailure, LoadFailure,
        ConfigurationFailure, RunInProgressFailure {

    protected SluiceFailure(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }

    /** What kind of failure this is for on-call. */
    public abstract FailureClass failureClass();

    /** Whether the state machine retries it (only {@link TransientFailure}). */
    public boolean retryable() {
        return failureClass() == FailureClass.TRANSIENT;
    }

    /** The failure of {@code failureClass} with {@code message}: the one place the class-to-type map lives. */
    public static SluiceFailure of(FailureClass failureClass, String message, Throwable cause) {
        return switch (failureClass) {
            case TRANSIENT -> new TransientFailure(message, cause);
            case SOURCE -> new SourceFailure(message, cause);
            case SCHEMA_DRIFT -> new SchemaDriftFailure(message, cause);
            case VALIDATION_MISMATCH -> new ValidationMismatchFailure(message, cause);
            case LOAD -> new LoadFailure(message, cause);
            case CONFIGURATION -> new ConfigurationFailure(message, cause);
            case RUN_IN_PROGRESS -> new RunInProgressFailure(message, cause);
        };
    }

    /** The exception type of {@code failureClass}: its name is the {@code errorType} the state machine matches. */
    public static Class<? extends SluiceFailure> typeOf(FailureClass failureClass) {
        return switch (failureClass) {
            case TRANSIENT -> TransientFailure.class;
            case SOURCE -> SourceFailure.class;
            case SCHEMA_DRIFT -> SchemaDriftFailure.class;
            case VALIDATION_MISMATCH -> ValidationMismatchFailure.class;
            case LOAD -> LoadFailure.class;
            case CONFIGURATION -> ConfigurationFailure.class;
            case RUN_IN_PROGRESS -> RunInProgressFailure.class;
        };
    }

    /** The class whose exception type has the fully qualified name {@code errorType}, if it is one of ours. */
    public static java.util.Optional<FailureClass> classOfErrorType(String errorType) {
        return java.util.Arrays.stream(FailureClass.values())
                .filter(c -> typeOf(c).getName().equals(errorType))
                .findFirst();
    }
}
