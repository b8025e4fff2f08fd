package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a run's partitions reach the Glue catalog: a crawler, or direct partition registration. */
public enum CatalogMode {
    @JsonProperty("crawler") CRAWLER,
    @JsonProperty("partitions") PARTITIONS
}
