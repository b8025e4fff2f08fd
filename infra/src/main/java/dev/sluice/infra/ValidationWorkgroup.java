package dev.sluice.infra;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The Athena workgroup validation queries run in: results forced to {@link LakeLayout#athenaResultsLocation()},
 * encrypted with the lake key, and a per-query scan limit so that a wrong query cannot scan the whole lake.
 */
public final class ValidationWorkgroup extends Construct {

    /** 1 TiB: a validation query reads one run's partition of a few columns; a full backfill run stays well below. */
    public static final long DEFAULT_BYTES_SCANNED_CUTOFF = 1L << 40;
    /** Athena's lower bound for the per-query cutoff. */
    public static final long MIN_BYTES_SCANNED_CUTOFF = 10L * 1024 * 1024;

    private final String name;

    /** The workgroup's settings; see {@link #builder()}. */
    public record Props(String environment, LakeLayout layout, IKey key, long bytesScannedCutoffPerQuery,
                        boolean disposable) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(key, "key");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private LakeLayout layout;
            private IKey key;
            private long bytesScannedCutoffPerQuery = DEFAULT_BYTES_SCANNED_CUTOFF;
            private boolean disposable;

            public Builder environment(String v) { environment = v; return this; }
            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder key(IKey v) { key = v; return this; }
            public Builder bytesScannedCutoffPerQuery(long v) { bytesScannedCutoffPerQuery = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }

            public Props build() {
                return new Props(environment, layout, key, bytesScannedCutoffPerQuery, disposable);
            }
        }
    }

    /** The workgroup of an environment: {@code sluice-<env>}. */
    public static String workgroupName(String environment) {
        return "sluice-" + environment;
    }

    public ValidationWorkgroup(Construct scope, String id, Props props) {
        super(scope, id);
        this.name = workgroupName(props.environment());
        CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(name)
                .description("Sluice " + props.environment() + ": validation queries over the raw zone")
                .state("ENABLED")
                .recursiveDeleteOption(props.disposable())
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(props.bytesScannedCutoffPerQuery())
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation(props.layout().athenaResultsLocation())
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_KMS")
                                        .kmsKey(props.key().getKeyArn())
                                        .build())
                                .build())
                        .build())
                .build();
        getNode().addValidation(() -> props.bytesScannedCutoffPerQuery() < MIN_BYTES_SCANNED_CUTOFF
                ? List.of("Athena bytesScannedCutoffPerQuery " + props.bytesScannedCutoffPerQuery()
                        + " is below Athena's minimum of 10 MB; raise it.")
                : List.of());
    }

    public String name() {
        return name;
    }
}
