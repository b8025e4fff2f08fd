package dev.sluice.core.lake;

/**
 * A conditional write lost: the object already existed (If-None-Match) or changed since it was read (If-Match).
 * Callers resolve it in the domain (an idempotent retry, a lost race, a stale watermark); it is never a transient
 * error to retry blindly.
 */
public class PreconditionFailedException extends RuntimeException {

    private final String key;

    public PreconditionFailedException(String key, String condition) {
        super("conditional write of '" + key + "' failed (" + condition + "): another writer created or changed it");
        this.key = key;
    }

    /** The object key whose condition failed. */
    public String key() {
        return key;
    }
}
