package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.WarehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** How the app picks an environment from context, and every way synth refuses one, with the fix in the message. */
class DeploymentSelectionTest {

    @TempDir
    Path dir;

    private Map<String, Object> context(String env) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Files.copy(TestDeployment.resource("config/test.yaml"), dir.resolve("config/test.yaml"));
        Map<String, Object> context = new HashMap<>();
        context.put(DeploymentSelection.ENV, env);
        context.put(DeploymentSelection.ENVIRONMENTS, Map.of("test", "config/test.yaml", "prod", "config/prod.yaml"));
        context.put(DeploymentSelection.DISPOSABLE, List.of("test"));
        return context;
    }

    @Test
    void resolvesTheEnvironmentsConfigAndDefaultPaths() throws IOException {
        Deployment d = DeploymentSelection.resolve(context("test")::get, dir);
        assertThat(d.environment()).isEqualTo("test");
        assertThat(d.config().lake().bucket()).isEqualTo("acme-sluice-test-lake");
        assertThat(d.disposable()).isTrue();
        assertThat(d.lambdaJar()).isEqualTo(dir.resolve("functions/lambda/target/sluice-lambda.jar").toAbsolutePath());
        assertThat(d.stateMachineDefinition()).isEqualTo(dir.resolve("statemachines/migrate-table.asl.json").toAbsolutePath());
        assertThat(d.scheduleInput(d.config().tables().get(0)))
                .isEqualTo(dir.resolve("events/test/erp.dbo.Orders.json").toAbsolutePath());
    }

    @Test
    void contextGivenAsJsonTextOnTheCommandLineWorks() throws IOException {
        Map<String, Object> context = context("test");
        context.put(DeploymentSelection.ENVIRONMENTS, "{\"test\": \"config/test.yaml\"}");
        context.put(DeploymentSelection.DISPOSABLE, "[]");
        context.put(DeploymentSelection.LAMBDA_JAR, "/opt/jars/l.jar");
        Deployment d = DeploymentSelection.resolve(context::get, dir);
        assertThat(d.disposable()).isFalse();
        assertThat(d.lambdaJar()).isEqualTo(Path.of("/opt/jars/l.jar"));
    }

    @Test
    void unknownEnvironmentNamesTheKnownOnes() throws IOException {
        assertThatThrownBy(() -> DeploymentSelection.resolve(context("staging")::get, dir))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("Unknown environment 'staging'")
                .hasMessageContaining("[prod, test]")
                .hasMessageContaining("\"staging\": \"config/staging.yaml\"");
    }

    @Test
    void noEnvironmentSaysHowToPickOne() throws IOException {
        Map<String, Object> context = context("test");
        context.remove(DeploymentSelection.ENV);
        assertThatThrownBy(() -> DeploymentSelection.resolve(context::get, dir))
                .hasMessageContaining("-c env=dev");
    }

    @Test
    void missingConfigFileNamesIt() throws IOException {
        assertThatThrownBy(() -> DeploymentSelection.resolve(context("prod")::get, dir))
                .hasMessageContaining("config/prod.yaml: the config file does not exist");
    }

    @Test
    void invalidYamlNamesFileAndLine() throws IOException {
        Map<String, Object> context = context("test");
        Files.writeString(dir.resolve("config/test.yaml"), "environment:\n  name: test\nsources: [\n");
        assertThatThrownBy(() -> DeploymentSelection.resolve(context::get, dir))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("config/test.yaml is invalid")
                .hasMessageContaining("line ");
    }

    @Test
    void configForAnotherEnvironmentIsRefused() throws IOException {
        Map<String, Object> context = context("test");
        context.put(DeploymentSelection.ENVIRONMENTS, Map.of("test", "config/test.yaml", "qa", "config/test.yaml"));
        context.put(DeploymentSelection.ENV, "qa");
        assertThatThrownBy(() -> DeploymentSelection.resolve(context::get, dir))
                .hasMessageContaining("says environment.name 'test' but it was selected as 'qa'");
    }

    @Test
    void missingLambdaJarSaysHowToBuildIt() {
        Deployment good = TestDeployment.deployment(dir, false);
        Deployment noJar = new Deployment(good.environment(), good.configFile(), good.config(),
                dir.resolve("nope/sluice-lambda.jar"), good.stateMachineDefinition(), good.eventsDirectory(), false);
        assertThatThrownBy(() -> TestDeployment.stage(dir, noJar))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("nope/sluice-lambda.jar is missing")
                .hasMessageContaining("./mvnw -pl functions/lambda -am package");
    }

    @Test
    void placeholderWithoutSubstitutionFailsSynthNamingIt() throws IOException {
        Deployment good = TestDeployment.deployment(dir, false);
        Path asl = Files.writeString(dir.resolve("bad.asl.json"),
                "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Task\", \"Resource\": \"${PlanFunctionArn}\","
                        + " \"Parameters\": {\"Reports\": \"${ReportBucket}\"}, \"End\": true}}}");
        Deployment bad = new Deployment(good.environment(), good.configFile(), good.config(), good.lambdaJar(), asl,
                good.eventsDirectory(), false);
        assertThatThrownBy(() -> TestDeployment.stage(dir, bad))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("[${ReportBucket}]");
    }

    @Test
    void missingScheduleInputNamesTheFileAndTable() throws IOException {
        Deployment good = TestDeployment.deployment(dir, false);
        Deployment noEvents = new Deployment(good.environment(), good.configFile(), good.config(), good.lambdaJar(),
                good.stateMachineDefinition(), Files.createDirectories(dir.resolve("empty-events")), false);
        assertThatThrownBy(() -> TestDeployment.stage(dir, noEvents))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("empty-events/test/erp.dbo.Orders.json")
                .hasMessageContaining("table erp.dbo.Orders is missing");
    }

    @Test
    void invalidConfigFailsSynthWithEveryMessage() {
        SluiceConfig config = TestDeployment.config();
        WarehouseConfig both = new WarehouseConfig("analytics", "dw-cluster", "dw", null, null, null, null);
        SluiceConfig bad = new SluiceConfig(config.environment(), config.sources(),
                new dev.sluice.core.config.LakeConfig("acme-sluice-test-lake", "raw/", "_sluice/", null, null, 0),
                both, config.notifications(), config.tables());
        SluiceStage stage = TestDeployment.stage(dir, TestDeployment.deployment(dir, bad, false));
        assertThatThrownBy(() -> ((App) stage.getNode().getScope()).synth())
                .hasMessageContaining("set exactly one of workgroup (Redshift Serverless) or clusterId")
                .hasMessageContaining("lake.rawRetentionDays is 0");
    }

    @Test
    void tablesWhoseResourceNamesCollideAreRefusedBeforeAnyConstruct() {
        SluiceConfig config = TestDeployment.config();
        var orders = config.tables().get(0);
        var clash = new dev.sluice.core.config.TableConfig(orders.source(), "dbo.orders", orders.primaryKey(),
                orders.watermark(), null, null, orders.schedule(), orders.target(), null, null, null, null);
        SluiceConfig bad = new SluiceConfig(config.environment(), config.sources(), config.lake(), config.warehouse(),
                config.notifications(), List.of(orders, clash));
        assertThatThrownBy(() -> TestDeployment.deployment(dir, bad, false))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("Tables erp.dbo.Orders and erp.dbo.orders both map to the resource name"
                        + " 'erp-dbo-orders'");
    }

    @Test
    void tableWithoutScheduleGetsNoScheduleInputOrLagAlarm() throws IOException {
        SluiceConfig config = TestDeployment.config();
        var orders = config.tables().get(0);
        var manual = new dev.sluice.core.config.TableConfig(orders.source(), "dbo.Archive", orders.primaryKey(),
                orders.watermark(), null, null, null, orders.target(), null, null, null, null);
        SluiceConfig withManual = new SluiceConfig(config.environment(), config.sources(), config.lake(),
                config.warehouse(), config.notifications(), List.of(orders, manual));
        // events/test has no erp.dbo.Archive.json, and none is needed
        SluiceStage stage = TestDeployment.stage(dir, TestDeployment.deployment(dir, withManual, false));
        var template = software.amazon.awscdk.assertions.Template.fromStack(stage.pipeline());
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        assertThat(stage.pipeline().alarms().lagAlarms()).containsOnlyKeys("erp.dbo.Orders");
        Template.fromStack(stage.lakehouse()).hasResourceProperties("AWS::Glue::Crawler",
                software.amazon.awscdk.assertions.Match.objectLike(Map.of("Name", "sluice-test-erp-dbo-archive")));
    }
}
