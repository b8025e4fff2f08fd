package dev.sluice.infra;

import dev.sluice.core.config.EnvironmentConfig;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * One environment of Sluice: a stateful {@link LakehouseStack} and a stateless {@link PipelineStack}, pinned to the
 * account and region of {@code environment:} in its config (environment-agnostic when those are not set).
 */
public final class SluiceStage extends Stage {

    private final LakehouseStack lakehouse;
    private final PipelineStack pipeline;

    public SluiceStage(Construct scope, String id, Deployment deployment) {
        super(scope, id, StageProps.builder().env(environment(deployment.config().environment())).build());
        // Server access logs are delivered through a bucket policy, so the log bucket keeps ACLs disabled
        // (BucketOwnerEnforced). Set here, not only in cdk.json, so tests and every app build the same buckets.
        getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        String env = deployment.environment();
        this.lakehouse = new LakehouseStack(this, "Lakehouse", StackProps.builder()
                .stackName("sluice-" + env + "-lakehouse")
                .description("Sluice " + env + ": lake bucket, Glue catalog and crawlers, Athena workgroup, topic")
                .terminationProtection(!deployment.disposable())
                .build(), deployment);
        this.pipeline = new PipelineStack(this, "Pipeline", StackProps.builder()
                .stackName("sluice-" + env + "-pipeline")
                .description("Sluice " + env + ": functions, state machine, schedules, alarms, dashboard")
                .build(), deployment, lakehouse);
        Tags.of(this).add("sluice:environment", env);
    }

    private static Environment environment(EnvironmentConfig config) {
        if (config == null) {
            return null;
        }
        return Environment.builder().account(config.account()).region(config.region()).build();
    }

    /** The stage id of an environment: {@code Sluice-<env>}. */
    public static String stageId(String environment) {
        return "Sluice-" + environment;
    }

    public LakehouseStack lakehouse() {
        return lakehouse;
    }

    public PipelineStack pipeline() {
        return pipeline;
    }
}
