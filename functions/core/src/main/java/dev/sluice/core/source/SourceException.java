package dev.sluice.core.source;

/**
 * A failure talking to, or understanding, a source database. The message names the source and table and says
 * what to do; it never carries a password or a JDBC URL with credentials. {@link #transientFailure()} tells
 * the orchestration whether a retry can help (connection resets, timeouts) or the config must change.
 */
public class SourceException extends RuntimeException {

    private final boolean transientFailure;

    public SourceException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public SourceException(String message) {
        this(message, false, null);
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
