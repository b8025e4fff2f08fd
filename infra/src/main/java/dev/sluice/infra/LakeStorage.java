package dev.sluice.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The environment's lake: the KMS key, the lake bucket (raw Parquet and the {@code _sluice} state, see
 * {@link LakeLayout}) and the bucket receiving its server access logs. Versioned, KMS-encrypted, TLS-only, never
 * public. Raw data expires after {@code lake.rawRetentionDays} when configured; noncurrent versions expire after
 * {@link Props#noncurrentVersionDays()}. A disposable environment (dev) is emptied and deleted with its stack;
 * any other keeps its data when the stack is deleted.
 */
public final class LakeStorage extends Construct {

    private final IKey key;
    private final LakeKey lakeKey;
    private final Bucket bucket;
    private final Bucket accessLogs;

    /** What the lake is made of; see {@link #builder()}. */
    public record Props(LakeLayout layout, Integer rawRetentionDays, String kmsKeyArn, boolean disposable,
                        int noncurrentVersionDays, int accessLogRetentionDays) {

        public Props {
            Objects.requireNonNull(layout, "layout");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}; the layout is required, the rest have defaults. */
        public static final class Builder {
            private LakeLayout layout;
            private Integer rawRetentionDays;
            private String kmsKeyArn;
            private boolean disposable;
            private int noncurrentVersionDays = 30;
            private int accessLogRetentionDays = 365;

            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder rawRetentionDays(Integer v) { rawRetentionDays = v; return this; }
            public Builder kmsKeyArn(String v) { kmsKeyArn = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }
            public Builder noncurrentVersionDays(int v) { noncurrentVersionDays = v; return this; }
            public Builder accessLogRetentionDays(int v) { accessLogRetentionDays = v; return this; }

            public Props build() {
                return new Props(layout, rawRetentionDays, kmsKeyArn, disposable, noncurrentVersionDays,
                        accessLogRetentionDays);
            }
        }
    }

    public LakeStorage(Construct scope, String id, Props props) {
        super(scope, id);
        RemovalPolicy removal = props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

        String configured = props.kmsKeyArn();
        this.key = configured != null
                ? (LakeKey.isAliasArn(configured)
                        ? Alias.fromAliasName(this, "Key", configured.substring(configured.indexOf(":alias/") + 1))
                        : Key.fromKeyArn(this, "Key", configured))
                : Key.Builder.create(this, "Key")
                        .description("Sluice lake " + props.layout().bucket() + ": raw data, state, Athena results")
                        .enableKeyRotation(true)
                        .pendingWindow(Duration.days(props.disposable() ? 7 : 30))
                        .removalPolicy(removal)
                        .build();
        this.lakeKey = new LakeKey(key, LakeKey.isAliasArn(configured) ? configured : null);

        // Server access log delivery writes with SSE-S3 only (it cannot use a customer managed key).
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireAccessLogs")
                        .expiration(Duration.days(props.accessLogRetentionDays()))
                        .build()))
                .removalPolicy(removal)
                .autoDeleteObjects(props.disposable())
                .build();
        NagSuppressions.addResourceSuppressions(accessLogs, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("This is the access-log bucket of the lake bucket; logging it into itself would loop and a"
                        + " second log bucket would only move the finding.")
                .build()));

        List<LifecycleRule> rules = new ArrayList<>();
        LifecycleRule.Builder raw = LifecycleRule.builder()
                .id("RawData")
                .prefix(props.layout().rawPrefix())
                .noncurrentVersionExpiration(Duration.days(props.noncurrentVersionDays()));
        if (props.rawRetentionDays() != null) {
            raw.expiration(Duration.days(props.rawRetentionDays()));
        }
        rules.add(raw.build());
        rules.add(LifecycleRule.builder()
                .id("StateNoncurrentVersions")
                .prefix(props.layout().statePrefix())
                .noncurrentVersionExpiration(Duration.days(props.noncurrentVersionDays()))
                .build());
        rules.add(LifecycleRule.builder()
                .id("AbortIncompleteMultipartUploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());

        this.bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(props.layout().bucket())
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("lake/")
                .lifecycleRules(rules)
                .removalPolicy(removal)
                .autoDeleteObjects(props.disposable())
                .build();

        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>();
            Integer days = props.rawRetentionDays();
            if (days != null && days < 1) {
                errors.add("Config lake.rawRetentionDays is " + days + ": use a positive number of days, or leave it"
                        + " out to keep raw data until deleted.");
            }
            if (props.noncurrentVersionDays() < 1) {
                errors.add("noncurrentVersionDays must be at least 1 (is " + props.noncurrentVersionDays() + ").");
            }
            if (props.kmsKeyArn() != null && !LakeKey.isAliasArn(props.kmsKeyArn())
                    && !props.kmsKeyArn().matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+")) {
                errors.add("Config lake.kmsKeyArn '" + props.kmsKeyArn() + "' is not a KMS key or alias ARN"
                        + " (arn:aws:kms:<region>:<account>:key/<id> or :alias/<name>); leave it out to let the stack"
                        + " create the key.");
            }
            return errors;
        });
    }

    public IKey key() {
        return key;
    }

    /** The key as grants name it (see {@link LakeKey}). */
    public LakeKey lakeKey() {
        return lakeKey;
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket accessLogs() {
        return accessLogs;
    }
}
