package dev.sluice.core.types;

/** Where a column stands once its policy (if any) is applied: the status column of the type-fidelity report. */
public enum MappingStatus {
    /** Exact mapping, or a policy that fully resolves the column. */
    OK("OK", false),
    /** Lossy mapping (or a string form that is itself lossy) that config explicitly accepted. */
    LOSSY_ACCEPTED("LOSSY ACCEPTED", false),
    /** Lossy or unsupported mapping without a policy: the table does not run. */
    NEEDS_POLICY("NEEDS POLICY", true),
    /** Config excluded the column: it is neither extracted nor loaded. */
    EXCLUDED("EXCLUDED", false),
    /** A policy on a column whose mapping is exact: applied, but reported as a warning. */
    POLICY_NOT_NEEDED("POLICY NOT NEEDED", false),
    /** A policy that cannot apply (acceptLossy on an unsupported type, or any policy but exclude on a reserved name). */
    POLICY_REJECTED("POLICY REJECTED", true);

    private final String label;
    private final boolean blocking;

    MappingStatus(String label, boolean blocking) {
        this.label = label;
        this.blocking = blocking;
    }

    /** The text the report prints, e.g. {@code NEEDS POLICY}. */
    public String label() {
        return label;
    }

    /** True when the table must not run until config changes. */
    public boolean blocking() {
        return blocking;
    }
}
