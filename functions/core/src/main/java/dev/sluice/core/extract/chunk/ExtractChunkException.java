package dev.sluice.core.extract.chunk;

/**
 * A chunk extraction that failed and left nothing behind (no object, no manifest), classified for the state
 * machine's retry policy: {@link Kind#RETRYABLE} failures (source connection or timeout, object store errors) are
 * retried with backoff; {@link Kind#PERMANENT} ones (schema drift, a value the mapping cannot carry, a conflicting
 * manifest, a plan that does not match the request) need a person and fail the run. The message names the table,
 * the chunk and the fix; the cause is the underlying failure.
 */
public class ExtractChunkException extends RuntimeException {

    /** Whether retrying the same chunk can succeed. */
    public enum Kind { RETRYABLE, PERMANENT }

    private final Kind kind;
    private final String table;
    private final String chunkId;

    public ExtractChunkException(Kind kind, String table, String chunkId, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.table = table;
        this.chunkId = chunkId;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }

    public String table() {
        return table;
    }

    public String chunkId() {
        return chunkId;
    }
}
