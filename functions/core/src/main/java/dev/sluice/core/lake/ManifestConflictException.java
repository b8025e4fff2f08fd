package dev.sluice.core.lake;

import java.util.List;

/**
 * A write-once lake object (chunk manifest, run manifest, ledger entry) already exists with different content: two
 * runs produced different results for the same key, which breaks the rule that a rerun reproduces its keys and their
 * content. Permanent: nothing is overwritten; someone must find out why the content changed.
 */
public class ManifestConflictException extends RuntimeException {

    private final String key;
    private final List<String> differingFields;

    public ManifestConflictException(String key, List<String> differingFields) {
        super("'" + key + "' already exists with different content (fields " + differingFields + " differ). "
                + "Nothing was overwritten. Compare the stored object with this run's result: if the source changed "
                + "under a window that was already extracted, rerun the window under a new run; do not delete it");
        this.key = key;
        this.differingFields = List.copyOf(differingFields);
    }

    /** The key of the existing object. */
    public String key() {
        return key;
    }

    /** The top-level fields whose values differ between the stored object and the one being written. */
    public List<String> differingFields() {
        return differingFields;
    }
}
