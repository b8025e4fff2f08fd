package dev.sluice.lambda.handler;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.lambda.aws.AwsFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What leaves a step handler when its step throws: always a {@link SluiceFailure}, whose fully qualified class name is
 * the Lambda {@code errorType} the state machine's Retry and Catch match. A failure the step raised itself passes
 * through as it is (rebuilt with the same class only when its message would leak a login). Anything else is
 * translated:
 * <ul>
 *   <li>{@link TransientFailure} only for what can clearly succeed when retried: AWS SDK errors that
 *       {@link AwsFailures#isTransient} calls transient (throttling, 5xx, timeouts, broken connections), I/O errors,
 *       JDBC's own transient and recoverable exceptions, and JDBC errors with SQLSTATE class 08 (connection),
 *       40001 (serialization failure) or 40P01 (deadlock);</li>
 *   <li>otherwise a permanent class: a JDBC error is a {@code SourceFailure}; a config error, an argument the
 *       configuration produced, or an AWS error that is not transient (permission, missing resource) is a
 *       {@code ConfigurationFailure}, except in the load steps where it is a {@code LoadFailure}; anything else
 *       takes the class of the step's own domain (source for Plan and ExtractChunk, load for StartLoad and
 *       CheckLoad, configuration for the others).</li>
 * </ul>
 * Every translated message names the step, the table, the run and the chunk when known, and is redacted by
 * {@link SecretRedaction}; the original exception stays attached as a redacted cause chain.
 */
public final class StepFailures {

    private StepFailures() {
    }

    /** The failure that leaves the handler of {@code step} for {@code error}. */
    public static SluiceFailure translate(StepName step, StepKeys keys, Throwable error) {
        if (error instanceof SluiceFailure failure) {
            if (!SecretRedaction.chainNeedsRedaction(failure)) {
                return failure;
            }
            SluiceFailure safe = SluiceFailure.of(failure.failureClass(), SecretRedaction.redact(failure.getMessage()),
                    SecretRedaction.redactedChain(failure.getCause()));
            safe.setStackTrace(failure.getStackTrace());
            return safe;
        }
        FailureClass failureClass = classify(step, error);
        String what = failureClass == FailureClass.TRANSIENT ? "failed transiently (the state machine retries it)"
                : "failed";
        String message = step.id() + " " + what + " for " + keys.describe() + ": " + describe(error) + ". "
                + failureClass.safeAction();
        SluiceFailure failure = SluiceFailure.of(failureClass, SecretRedaction.redact(message),
                SecretRedaction.redactedChain(error));
        failure.setStackTrace(error.getStackTrace());
        return failure;
    }

    /** Which failure class an exception that is not a {@link SluiceFailure} belongs to. */
    static FailureClass classify(StepName step, Throwable error) {
        if (isTransient(error)) {
            return FailureClass.TRANSIENT;
        }
        if (error instanceof SQLException) {
            return FailureClass.SOURCE;
        }
        boolean loadStep = step == StepName.START_LOAD || step == StepName.CHECK_LOAD;
        if (error instanceof SdkException || error instanceof ConfigException
                || error instanceof IllegalArgumentException) {
            return loadStep && error instanceof SdkException ? FailureClass.LOAD : FailureClass.CONFIGURATION;
        }
        return switch (step) {
            case PLAN, EXTRACT_CHUNK -> FailureClass.SOURCE;
            case START_LOAD, CHECK_LOAD -> FailureClass.LOAD;
            default -> FailureClass.CONFIGURATION;
        };
    }

    /** Whether {@code error}, or what it wraps, can clearly succeed on a retry. */
    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkException sdk) {
                return AwsFailures.isTransient(sdk);
            }
            if (t instanceof IOException || t instanceof UncheckedIOException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                // Connection exceptions (SQLSTATE class 08), serialization failures and deadlocks (40001, 40P01,
                // SQL Server 1205 reports 40001) succeed when the step runs again; everything else from JDBC does not.
                String state = sql.getSQLState();
                return state != null && (state.startsWith("08") || state.equals("40001") || state.equals("40P01"));
            }
            if (t instanceof ConfigException) {
                return false;
            }
        }
        return false;
    }

    /** The exception's type and message (the SDK's service message without request-id noise). */
    private static String describe(Throwable error) {
        if (error instanceof SdkException sdk) {
            return AwsFailures.message(sdk);
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A configuration failure for a problem found while wiring the function (environment, config file). */
    static ConfigurationFailure configuration(String message, Throwable cause) {
        return new ConfigurationFailure(SecretRedaction.redact(message), SecretRedaction.redactedChain(cause));
    }
}
