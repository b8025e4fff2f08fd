package dev.sluice.core.failure;

/**
 * What kind of failure stopped a run, as on-call reads it in the failure notification, with the one safe action and
 * the runbook section that explains it. Each class has one exception type ({@link SluiceFailure} subclasses) whose
 * fully qualified name is the Lambda {@code errorType} the state machine's Retry and Catch match.
 */
public enum FailureClass {

    /** Throttling, a dropped connection, a service hiccup: retried by the state machine with backoff. */
    TRANSIENT("transient",
            "Redrive the execution once the dependency is healthy: steps already done are not repeated.",
            "transient"),
    /** The source cannot be read: unreachable, bad credentials, missing permission, a query that fails. */
    SOURCE("source",
            "Fix the source (network, credentials secret, grants), then redrive the execution.",
            "source"),
    /** The table's columns changed in a way its schema policy does not allow (type change, dropped column). */
    SCHEMA_DRIFT("schema drift",
            "Approve the schema change (update the column overrides or schemaPolicy in config and redeploy), "
                    + "then start a new execution.",
            "schema-drift"),
    /** Validation found the lake differs from what was extracted: a chunk, a measure and keys are named. */
    VALIDATION_MISMATCH("validation mismatch",
            "Read the reconciliation report, then rerun the window from its events/ input: the watermark has not moved.",
            "validation-mismatch"),
    /** The warehouse load failed or loaded a different number of rows than were staged; the load was rolled back. */
    LOAD("load",
            "Fix the target (permissions, incompatible column), then redrive: a run already in the load ledger is "
                    + "not loaded twice.",
            "load"),
    /** The config, or what it names, is wrong: nothing was written; retrying cannot help. */
    CONFIGURATION("configuration",
            "Fix the config file named in the message and redeploy, then start a new execution.",
            "configuration"),
    /** Another execution holds the table's lease: this one did nothing. */
    RUN_IN_PROGRESS("run in progress",
            "Nothing to do: the running execution named in the message continues; if it crashed, its lease expires.",
            "run-in-progress");

    private final String label;
    private final String safeAction;
    private final String runbookAnchor;

    FailureClass(String label, String safeAction, String runbookAnchor) {
        this.label = label;
        this.safeAction = safeAction;
        this.runbookAnchor = runbookAnchor;
    }

    /** The words on-call reads ("schema drift"). */
    public String label() {
        return label;
    }

    /** The one safe action for this class of failure. */
    public String safeAction() {
        return safeAction;
    }

    /** The section of {@code docs/runbook.md} for this class ({@code docs/runbook.md#<anchor>}). */
    public String runbookAnchor() {
        return runbookAnchor;
    }

    /** The class whose label or name is {@code text} (as written in notifications), if any. */
    public static java.util.Optional<FailureClass> parse(String text) {
        for (FailureClass c : values()) {
            if (c.name().equalsIgnoreCase(text) || c.label.equalsIgnoreCase(text)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
