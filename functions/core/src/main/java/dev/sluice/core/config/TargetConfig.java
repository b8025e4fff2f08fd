package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The Redshift table a source table lands in, and how each run is applied to it. */
public record TargetConfig(String schema, String table, Mode mode, String distKey, List<String> sortKeys) {

    public TargetConfig {
        sortKeys = sortKeys == null ? List.of() : List.copyOf(sortKeys);
    }

    public enum Mode {
        @JsonProperty("append") APPEND,
        @JsonProperty("merge") MERGE,
        @JsonProperty("replace") REPLACE,
        @JsonProperty("scd2") SCD2
    }
}
