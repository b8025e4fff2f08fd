package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a run does when the source gains a nullable column: add it downstream, or fail and ask. */
public enum SchemaPolicy {
    @JsonProperty("evolve") EVOLVE,
    @JsonProperty("fail") FAIL
}
