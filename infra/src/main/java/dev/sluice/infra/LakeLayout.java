package dev.sluice.infra;

import dev.sluice.core.config.LakeConfig;

/**
 * Where things live in the lake bucket (DESIGN.md "Lake layout"): Parquet under {@link #rawPrefix()}, watermarks,
 * leases, plans, manifests, reports and the run ledger under {@link #statePrefix()}, Athena query results under
 * {@link #athenaResultsPrefix()}. Prefixes have no leading and exactly one trailing '/'.
 */
public record LakeLayout(String bucket, String rawPrefix, String statePrefix, String athenaResultsPrefix) {

    public static final String DEFAULT_RAW_PREFIX = "raw/";
    public static final String DEFAULT_STATE_PREFIX = "_sluice/";

    public static LakeLayout of(LakeConfig lake) {
        if (lake == null || lake.bucket() == null || lake.bucket().isBlank()) {
            throw new SynthException("Config lake.bucket is missing: name the environment's lake bucket (S3 bucket names"
                    + " are global, e.g. acme-sluice-dev-lake).");
        }
        String bucket = lake.bucket();
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
            throw new SynthException("Config lake.bucket '" + bucket + "' is not a valid S3 bucket name: use 3-63"
                    + " lower-case letters, digits, '.' or '-', starting and ending with a letter or digit.");
        }
        String raw = prefix("lake.rawPrefix", lake.rawPrefix(), DEFAULT_RAW_PREFIX);
        String state = prefix("lake.statePrefix", lake.statePrefix(), DEFAULT_STATE_PREFIX);
        if (raw.startsWith(state) || state.startsWith(raw)) {
            throw new SynthException("Config lake.rawPrefix '" + raw + "' and lake.statePrefix '" + state
                    + "' overlap: they need separate prefixes so that grants and lifecycle rules apply to one each.");
        }
        return new LakeLayout(bucket, raw, state, state + "athena-results/");
    }

    private static String prefix(String path, String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.strip().replaceAll("^/+", "").replaceAll("/+$", "");
        if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9_.=/-]+") || trimmed.contains("//")) {
            throw new SynthException("Config " + path + " '" + value + "' is not a usable S3 prefix: use letters,"
                    + " digits, '_', '.', '=', '-' and single '/' separators (e.g. raw/).");
        }
        return trimmed + "/";
    }

    /** Watermarks and leases: {@code <statePrefix>state/} (the commit points; only Plan and Commit touch them). */
    public String watermarkPrefix() {
        return statePrefix + "state/";
    }

    /** Plans, chunk manifests, run records, reports and the run ledger: {@code <statePrefix>runs/}. */
    public String runsPrefix() {
        return statePrefix + "runs/";
    }

    /** {@code s3://bucket/<prefix>} of Athena query results. */
    public String athenaResultsLocation() {
        return "s3://" + bucket + "/" + athenaResultsPrefix;
    }

    /** The raw prefix of one table: {@code raw/<source>/<schema>.<table>/}. */
    public String rawTablePrefix(String source, String qualifiedTable) {
        return rawPrefix + source + "/" + qualifiedTable + "/";
    }
}
