package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How chunk reads see concurrent writes. {@link #READ_UNCOMMITTED} is SQL Server's NOLOCK: it can skip or repeat
 * rows under page splits and is allowed only when configured, with a warning in the plan.
 */
public enum IsolationLevel {
    @JsonProperty("snapshot") SNAPSHOT,
    @JsonProperty("readCommitted") READ_COMMITTED,
    @JsonProperty("readUncommitted") READ_UNCOMMITTED
}
