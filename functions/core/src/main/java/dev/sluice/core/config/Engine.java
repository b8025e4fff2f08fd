package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The source database engine; it selects the SQL dialect and the type mapping. */
public enum Engine {
    @JsonProperty("sqlserver") SQLSERVER,
    @JsonProperty("postgresql") POSTGRESQL
}
