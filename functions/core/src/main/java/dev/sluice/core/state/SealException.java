package dev.sluice.core.state;

import java.util.List;

/**
 * A run cannot be sealed: chunk manifests are missing (a chunk did not finish: redrive the run so those chunks are
 * extracted), unplanned ones are present, or chunks disagree on the schema fingerprint (the source schema changed
 * during the run: rerun the window). The message names the chunk ids.
 */
public class SealException extends RuntimeException {

    private final List<String> missing;
    private final List<String> extra;
    private final List<String> inconsistent;

    public SealException(String message, List<String> missing, List<String> extra, List<String> inconsistent) {
        super(message);
        this.missing = List.copyOf(missing);
        this.extra = List.copyOf(extra);
        this.inconsistent = List.copyOf(inconsistent);
    }

    /** Planned chunk ids without a manifest. */
    public List<String> missing() {
        return missing;
    }

    /** Chunk ids with a manifest that the plan does not list. */
    public List<String> extra() {
        return extra;
    }

    /** Chunk ids whose manifest disagrees with the run (schema fingerprint, run id, table). */
    public List<String> inconsistent() {
        return inconsistent;
    }
}
