package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A per-column decision for a lossy or unsupported mapping from the type-fidelity report. A table with such a
 * column does not run until config states one of these policies for it.
 */
public record ColumnOverride(Policy policy, String note) {

    public enum Policy {
        /** Take the documented lossy mapping as is (e.g. datetime2(7) truncated to microseconds). */
        @JsonProperty("acceptLossy") ACCEPT_LOSSY,
        /** Carry the value as its exact textual form (e.g. numeric beyond precision 38, sql_variant). */
        @JsonProperty("asString") AS_STRING,
        /** Leave the column out of the lake and the warehouse. */
        @JsonProperty("exclude") EXCLUDE
    }
}
