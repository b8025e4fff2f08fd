package dev.sluice.core.types;

/** How faithfully a source column type survives the trip to the lake and the warehouse. */
public enum Fidelity {
    /** Every value the source can hold arrives unchanged in Parquet, Athena and Redshift. */
    EXACT,
    /** A documented class of values changes (the mapping says exactly which and how); needs a policy. */
    LOSSY,
    /** No typed mapping exists; the column needs {@code asString} or {@code exclude}. */
    UNSUPPORTED
}
