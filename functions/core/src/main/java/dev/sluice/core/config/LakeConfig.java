package dev.sluice.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The lake bucket and its prefixes (see the lake layout in DESIGN.md). {@code rawPrefix} holds Parquet data,
 * {@code statePrefix} the watermarks, leases, plans, manifests, reports and the run ledger.
 */
public record LakeConfig(
        String bucket,
        String rawPrefix,
        String statePrefix,
        String kmsKeyArn,
        Codec codec,
        Integer rawRetentionDays) {

    /** The Parquet compression codec. */
    public enum Codec {
        @JsonProperty("zstd") ZSTD,
        @JsonProperty("snappy") SNAPPY
    }
}
