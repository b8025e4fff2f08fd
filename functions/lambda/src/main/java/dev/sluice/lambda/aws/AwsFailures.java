package dev.sluice.lambda.aws;

import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Whether an AWS SDK failure (after the SDK's own retries) can succeed when retried by the state machine:
 * throttling, service-side errors (5xx), limits on concurrently active work, timeouts and broken connections are
 * transient; validation, permission and not-found errors are permanent.
 */
public final class AwsFailures {

    /** Error codes that are transient even though the service answers them with a 4xx. */
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
            "ActiveStatementsExceededException", "ActiveSessionsExceededException", "OperationTimeoutException",
            "ConcurrentModificationException", "InternalServiceException", "InternalServerException",
            "ServiceUnavailableException", "DatabaseConnectionException");

    private AwsFailures() {
    }

    /** Whether {@code e} may succeed when the state machine retries the step. */
    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.isThrottlingException() || service.statusCode() >= 500
                    || (code != null && TRANSIENT_CODES.contains(code))
                    || TRANSIENT_CODES.contains(e.getClass().getSimpleName());
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The service's own message without the request id noise, or the exception's message. */
    public static String message(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
