package dev.sluice.core.query;

/**
 * Whether a failed query or statement can succeed when retried: the orchestration retries {@link #TRANSIENT}
 * failures with backoff and sends {@link #PERMANENT} ones to Catch and on-call.
 */
public enum FailureClass {
    TRANSIENT,
    PERMANENT
}
