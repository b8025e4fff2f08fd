package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.pipeline.Notification;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.validate.QueryDialect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsPipelineTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/sluice-dev-copy";

    @TempDir
    Path dir;

    private static Path devConfig() throws URISyntaxException {
        return Path.of(AwsPipelineTest.class.getResource("/aws-pipeline/dev.yaml").toURI());
    }

    /** What the CDK app sets on the StartLoad function (PipelineFunctions), for config/dev.yaml. */
    private static Map<String, String> environment() throws URISyntaxException {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("SLUICE_ENVIRONMENT", "dev");
        env.put("SLUICE_CONFIG_FILE", devConfig().toString());
        env.put("SLUICE_LAKE_BUCKET", "acme-dev-sluice-lake");
        env.put("SLUICE_RAW_PREFIX", "raw/");
        env.put("SLUICE_STATE_PREFIX", "_sluice/");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "Sluice");
        return env;
    }

    @Test
    void wiresTheLoadStepFromTheInfrasEnvironment() throws Exception {
        Map<String, String> env = environment();
        env.put("SLUICE_REDSHIFT_WORKGROUP", "sluice-dev");
        env.put("SLUICE_REDSHIFT_DATABASE", "analytics");
        env.put("SLUICE_REDSHIFT_COPY_ROLE_ARN", ROLE);

        try (AwsPipeline pipeline = AwsPipeline.fromEnvironment(StepName.START_LOAD, env)) {
            PipelineContext c = pipeline.context();

            assertThat(c.layout().bucket()).isEqualTo("acme-dev-sluice-lake");
            assertThat(c.settings().catalogDatabase()).isEqualTo("sluice_dev");
            assertThat(c.settings().queryDialect()).isEqualTo(QueryDialect.ATHENA);
            assertThat(c.settings().loadDialect()).isEqualTo(LoadDialect.REDSHIFT);
            assertThat(c.settings().loadSource().apply("raw/sales/dbo.Orders/ingest_date=2026-01-01/run_id=r-1/"))
                    .isEqualTo(new LoadSource.S3Copy(
                            "s3://acme-dev-sluice-lake/raw/sales/dbo.Orders/ingest_date=2026-01-01/run_id=r-1/",
                            ROLE));
            assertThat(c.warehouse()).get().isInstanceOf(RedshiftDataWarehouse.class);
            assertThat(c.lake()).isInstanceOf(S3ObjectStore.class);
            assertThat(c.sources()).isInstanceOf(SecretSourceConnections.class);
            assertThat(c.config().tables()).extracting(t -> t.table()).contains("dbo.Orders");
            assertThat(c.layout().rawRunPrefix("sales", dev.sluice.core.source.TableRef.parse("dbo.Orders"),
                    java.time.LocalDate.parse("2026-01-01"), "r-1")).startsWith("raw/sales/");
        }
    }

    @Test
    void theValidationStepsTakeTheirDatabaseAndWorkgroupFromTheEnvironment() throws Exception {
        Map<String, String> env = environment();
        env.put("SLUICE_GLUE_DATABASE", "sluice_dev_lake");
        env.put("SLUICE_ATHENA_WORKGROUP", "sluice-dev");
        env.put("SLUICE_INLINE_CHUNK_LIMIT", "50");
        env.put("SLUICE_LEASE_DURATION", "PT2H");

        try (AwsPipeline pipeline = AwsPipeline.fromEnvironment(StepName.CHECK_VALIDATION, env)) {
            assertThat(pipeline.context().settings().catalogDatabase()).isEqualTo("sluice_dev_lake");
            assertThat(pipeline.context().settings().queryWorkgroup()).isEqualTo("sluice-dev");
            assertThat(pipeline.context().settings().inlineChunkLimit()).isEqualTo(50);
            assertThat(pipeline.context().settings().leaseDuration()).isEqualTo(Duration.ofHours(2));
        }
    }

    @Test
    void aStepThatNeedsAVariableNamesItWhenItIsMissing() throws Exception {
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.CHECK_VALIDATION, environment()))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_GLUE_DATABASE")
                .hasMessageContaining("CheckValidation function");

        Map<String, String> env = environment();
        env.put("SLUICE_GLUE_DATABASE", "sluice_dev");
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.START_VALIDATION, env))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_ATHENA_WORKGROUP");
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.NOTIFY, environment()))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_TOPIC_ARN");
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.START_LOAD, environment()))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_REDSHIFT_COPY_ROLE_ARN");
    }

    @Test
    void everyFunctionNeedsTheConfigFileTheBucketAndTheRegion() throws Exception {
        for (String variable : new String[] {"SLUICE_CONFIG_FILE", "SLUICE_LAKE_BUCKET", "AWS_REGION"}) {
            Map<String, String> env = environment();
            env.remove(variable);
            assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env))
                    .as(variable)
                    .isExactlyInstanceOf(ConfigurationFailure.class)
                    .hasMessageContaining(variable);
        }
    }

    @Test
    void malformedTuningVariablesAreNamed() throws Exception {
        Map<String, String> env = environment();
        env.put("SLUICE_INLINE_CHUNK_LIMIT", "lots");
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_INLINE_CHUNK_LIMIT is 'lots'");

        Map<String, String> env2 = environment();
        env2.put("SLUICE_SECRET_TTL", "5 minutes");
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env2))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("environment variable SLUICE_SECRET_TTL is '5 minutes'");
    }

    @Test
    void aBadConfigFailsTheColdStartNamingTheFileAndThePath() throws Exception {
        Path bad = dir.resolve("dev.yaml");
        Files.writeString(bad, Files.readString(devConfig()).replace("readBudget: 4", "readBudget: 0"));
        Map<String, String> env = environment();
        env.put("SLUICE_CONFIG_FILE", bad.toString());

        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("sources[0].readBudget");

        env.put("SLUICE_CONFIG_FILE", dir.resolve("missing.yaml").toString());
        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("missing.yaml").hasMessageContaining("does not exist");
    }

    @Test
    void aBucketOtherThanTheConfigsMeansAnotherDeployment() throws Exception {
        Map<String, String> env = environment();
        env.put("SLUICE_LAKE_BUCKET", "acme-prod-sluice-lake");

        assertThatThrownBy(() -> AwsPipeline.fromEnvironment(StepName.PLAN, env))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("SLUICE_LAKE_BUCKET is acme-prod-sluice-lake")
                .hasMessageContaining("lake.bucket acme-dev-sluice-lake");
    }

    @Test
    void onlyTheNotifyFunctionPublishes() throws Exception {
        try (AwsPipeline plan = AwsPipeline.fromEnvironment(StepName.PLAN, environment())) {
            Notification n = new Notification("SUCCEEDED", "sales", "dbo.Orders", "r-1", null, null, null,
                    "ok", "body");
            assertThatThrownBy(() -> plan.context().notifier().publish(n))
                    .isExactlyInstanceOf(ConfigurationFailure.class)
                    .hasMessageContaining("SLUICE_TOPIC_ARN");
        }
        Map<String, String> env = environment();
        env.put("SLUICE_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:sluice-dev-alerts");
        try (AwsPipeline notify = AwsPipeline.fromEnvironment(StepName.NOTIFY, env)) {
            assertThat(notify.context().notifier()).isInstanceOf(SnsNotifier.class);
        }
    }

    @Test
    void noCopyRoleFailsOnlyWhenALoadAsksForIt() throws IOException, URISyntaxException {
        try (AwsPipeline plan = AwsPipeline.fromEnvironment(StepName.PLAN, environment())) {
            assertThatThrownBy(() -> plan.context().settings().loadSource().apply("raw/x/run_id=r/"))
                    .isExactlyInstanceOf(ConfigurationFailure.class)
                    .hasMessageContaining("SLUICE_REDSHIFT_COPY_ROLE_ARN");
        }
    }
}
