package dev.sluice.core.load;

import java.util.List;

/**
 * A permanent load failure: the Redshift target's columns are incompatible with the run. The message lists each
 * incompatible column and its fix; rerunning does not help until the target or the config changes.
 */
public class TargetSchemaException extends RuntimeException {

    private final List<String> refusals;

    public TargetSchemaException(String table, List<String> refusals) {
        super("cannot load into " + table + ":\n  - " + String.join("\n  - ", refusals));
        this.refusals = List.copyOf(refusals);
    }

    public List<String> refusals() {
        return refusals;
    }
}
