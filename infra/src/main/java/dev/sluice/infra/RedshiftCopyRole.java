package dev.sluice.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.services.iam.CompositePrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The IAM role Redshift assumes for {@code COPY} from the lake: read the raw prefix (Parquet) and the run records
 * under the state prefix (COPY manifests), decrypt with the lake key. Nothing else. Associate it with the
 * Serverless namespace or the cluster once (README, "Deploy with CDK"); the stack cannot change a warehouse it
 * does not own.
 */
public final class RedshiftCopyRole extends Construct {

    private final Role role;

    /** Where COPY reads from; see {@link #builder()}. */
    public record Props(String environment, LakeLayout layout, LakeKey lakeKey) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(lakeKey, "lakeKey");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private LakeLayout layout;
            private LakeKey lakeKey;

            public Builder environment(String v) { environment = v; return this; }
            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder lakeKey(LakeKey v) { lakeKey = v; return this; }

            public Props build() {
                return new Props(environment, layout, lakeKey);
            }
        }
    }

    public RedshiftCopyRole(Construct scope, String id, Props props) {
        super(scope, id);
        LakeLayout layout = props.layout();
        String runs = layout.runsPrefix();
        this.role = Role.Builder.create(this, "Role")
                .roleName("sluice-" + props.environment() + "-redshift-copy")
                .description("Assumed by Redshift for COPY from the Sluice " + props.environment() + " lake")
                .assumedBy(new CompositePrincipal(new ServicePrincipal("redshift.amazonaws.com"),
                        new ServicePrincipal("redshift-serverless.amazonaws.com")))
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadRawAndCopyManifests")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(ResourceArns.objects(layout.bucket(), layout.rawPrefix()),
                        ResourceArns.objects(layout.bucket(), runs)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListRawAndCopyManifests")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(ResourceArns.bucket(layout.bucket())))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(layout.rawPrefix() + "*", runs + "*"))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("LocateLakeBucket")
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(ResourceArns.bucket(layout.bucket())))
                .build());
        role.addToPolicy(props.lakeKey().allow("DecryptLake", List.of("kms:Decrypt")));
        List<String> wildcards = new java.util.ArrayList<>(List.of(
                "Resource::" + ResourceArns.objectsAsNag(layout.bucket(), layout.rawPrefix()),
                "Resource::" + ResourceArns.objectsAsNag(layout.bucket(), runs)));
        if (props.lakeKey().wildcardAsNag() != null) {
            wildcards.add(props.lakeKey().wildcardAsNag());
        }
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("COPY reads the Parquet parts of one run (keys carry ingest date, run and chunk) and that run's"
                        + " manifest, so access is scoped to the raw prefix and the runs prefix, read only.")
                .appliesTo(wildcards)
                .build()), true);
    }

    public Role role() {
        return role;
    }
}
