package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stateless stack of config/test.yaml: functions, grants, state machine, schedules, alarms. */
class PipelineStackTest {

    private static final String LAKE = "arn:${AWS::Partition}:s3:::acme-sluice-test-lake";
    private static final String REGIONAL = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:%s";

    @TempDir
    static Path dir;

    static SluiceStage stage;
    static PipelineStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        stage = TestDeployment.stage(dir, TestDeployment.deployment(dir, false));
        stack = stage.pipeline();
        template = Template.fromStack(stack);
    }

    private static List<String> grantsOf(PipelineFunction f) {
        return PolicyStatements.grants(PolicyStatements.of(template, stack, stack.functions().role(f)));
    }

    private static String regional(String service, String resource) {
        return String.format(REGIONAL, service, resource);
    }

    @Test
    void everyFunctionRunsFromTheJarOnJava21WithItsHandler() {
        template.resourceCountIs("AWS::Lambda::Function", PipelineFunction.values().length);
        for (PipelineFunction f : PipelineFunction.values()) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "sluice-test-" + f.id(),
                    "Handler", "dev.sluice.lambda.handler." + f.id() + "Handler::handleRequest",
                    "Runtime", "java21",
                    "MemorySize", f.memoryMb(),
                    "Timeout", f.timeoutSeconds(),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "TracingConfig", Map.of("Mode", "Active"))));
        }
        assertThat(PipelineFunction.EXTRACT_CHUNK.timeoutSeconds()).isEqualTo(900);
    }

    @Test
    void everyFunctionGetsTheEnvironmentsConfigInALayer() {
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        String layerId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                stack.getNode().findChild("Functions").getNode().findChild("Config").getNode().getDefaultChild());
        for (PipelineFunction f : PipelineFunction.values()) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "FunctionName", "sluice-test-" + f.id(),
                    "Layers", List.of(Map.of("Ref", layerId)),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "SLUICE_CONFIG_FILE", "/opt/sluice/config.yaml",
                            "SLUICE_LAKE_BUCKET", "acme-sluice-test-lake"))))));
        }
    }

    @Test
    void everyFunctionHasALiveAliasOnItsPublishedVersion() {
        template.resourceCountIs("AWS::Lambda::Alias", PipelineFunction.values().length);
        template.resourceCountIs("AWS::Lambda::Version", PipelineFunction.values().length);
        String functionId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                stack.functions().function(PipelineFunction.EXTRACT_CHUNK).getNode().getDefaultChild());
        template.hasResourceProperties("AWS::Lambda::Alias", Match.objectLike(Map.of(
                "Name", "live",
                "FunctionName", Map.of("Ref", functionId),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("FunctionsExtractChunkCurrentVersion.*"),
                        "Version")))));
    }

    @Test
    void onlyTheSourceReadersRunInTheSourceVpc() {
        Map<String, Object> vpc = Map.of(
                "SubnetIds", List.of("subnet-0aaa1111aaaa1111a", "subnet-0bbb2222bbbb2222b"),
                "SecurityGroupIds", List.of("sg-0ccc3333cccc3333c"));
        for (PipelineFunction f : PipelineFunction.values()) {
            Map<String, Map<String, Object>> found = template.findResources("AWS::Lambda::Function",
                    Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("FunctionName", "sluice-test-" + f.id())))));
            assertThat(found).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> props = (Map<String, Object>) found.values().iterator().next().get("Properties");
            if (f.readsSource()) {
                assertThat(props.get("VpcConfig")).as(f.id()).isEqualTo(vpc);
            } else {
                assertThat(props).as(f.id()).doesNotContainKey("VpcConfig");
            }
        }
        assertThat(Set.of(PipelineFunction.values()).stream().filter(PipelineFunction::readsSource))
                .containsExactlyInAnyOrder(PipelineFunction.PLAN, PipelineFunction.EXTRACT_CHUNK);
    }

    @Test
    void extractChunkWritesRawAndRunRecordsButNeverWatermarks() {
        List<String> grants = grantsOf(PipelineFunction.EXTRACT_CHUNK);
        assertThat(grants).contains(
                "s3:PutObject on " + LAKE + "/raw/*",
                "s3:AbortMultipartUpload on " + LAKE + "/raw/*",
                "s3:PutObject on " + LAKE + "/_sluice/runs/*",
                "s3:GetObject on " + LAKE + "/_sluice/runs/*",
                "secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/erp-AbCdEf");
        assertThat(grants)
                .noneMatch(g -> g.contains("/_sluice/state/"))
                .noneMatch(g -> g.startsWith("s3:GetObject on " + LAKE + "/raw/"))
                .noneMatch(g -> g.startsWith("s3:DeleteObject"))
                .noneMatch(g -> g.startsWith("glue:") || g.startsWith("athena:") || g.startsWith("redshift"))
                .noneMatch(g -> g.startsWith("sns:"));
    }

    @Test
    void onlyPlanAndCommitTouchWatermarksAndOnlyCommitReleasesTheLease() {
        for (PipelineFunction f : PipelineFunction.values()) {
            boolean touches = grantsOf(f).stream().anyMatch(g -> g.contains("/_sluice/state/"));
            assertThat(touches).as(f.id())
                    .isEqualTo(f == PipelineFunction.PLAN || f == PipelineFunction.COMMIT);
        }
        assertThat(grantsOf(PipelineFunction.COMMIT)).contains("s3:DeleteObject on " + LAKE + "/_sluice/state/*");
    }

    @Test
    void onlySourceReadersGetTheSourceSecret() {
        for (PipelineFunction f : PipelineFunction.values()) {
            assertThat(grantsOf(f).stream().anyMatch(g -> g.startsWith("secretsmanager:GetSecretValue")))
                    .as(f.id()).isEqualTo(f.readsSource());
        }
    }

    @Test
    void crawlerStepsAreScopedToTheEnvironmentsCrawlers() {
        String crawler = regional("glue", "crawler/sluice-test-erp-dbo-orders");
        assertThat(grantsOf(PipelineFunction.START_CRAWLER))
                .contains("glue:StartCrawler on " + crawler, "glue:GetCrawler on " + crawler,
                        "glue:BatchCreatePartition on " + regional("glue", "table/sluice_test/*"))
                .noneMatch(g -> g.startsWith("glue:StartCrawler") && !g.endsWith(crawler));
        assertThat(grantsOf(PipelineFunction.CHECK_CRAWLER))
                .contains("glue:GetCrawler on " + crawler)
                .noneMatch(g -> g.startsWith("glue:StartCrawler"));
    }

    @Test
    void athenaStepsWorkInTheirWorkgroupOnly() {
        String workgroup = regional("athena", "workgroup/sluice-test");
        assertThat(grantsOf(PipelineFunction.START_VALIDATION))
                .contains("athena:StartQueryExecution on " + workgroup,
                        "s3:GetObject on " + LAKE + "/raw/*",
                        "s3:PutObject on " + LAKE + "/_sluice/athena-results/*",
                        "glue:GetTable on " + regional("glue", "table/sluice_test/*"))
                .noneMatch(g -> g.startsWith("athena:") && !g.endsWith(workgroup))
                .noneMatch(g -> g.startsWith("s3:PutObject on " + LAKE + "/raw/"));
        assertThat(grantsOf(PipelineFunction.CHECK_VALIDATION))
                .contains("athena:GetQueryResults on " + workgroup,
                        "s3:GetObject on " + LAKE + "/_sluice/athena-results/*");
    }

    @Test
    void loadStepsShareOneRoleScopedToTheWarehouse() {
        assertThat(stack.functions().role(PipelineFunction.START_LOAD))
                .isSameAs(stack.functions().role(PipelineFunction.CHECK_LOAD));
        String workgroups = regional("redshift-serverless", "workgroup/*");
        assertThat(grantsOf(PipelineFunction.START_LOAD))
                .contains("redshift-data:ExecuteStatement on " + workgroups,
                        "redshift-data:BatchExecuteStatement on " + workgroups,
                        "redshift-serverless:GetCredentials on " + workgroups,
                        "redshift-data:DescribeStatement on *")
                .noneMatch(g -> g.startsWith("redshift-data:ExecuteStatement on *"));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "sluice-test-StartLoad",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SLUICE_REDSHIFT_WORKGROUP", "analytics",
                        "SLUICE_REDSHIFT_DATABASE", "dw",
                        "SLUICE_REDSHIFT_COPY_ROLE_ARN", Match.anyValue()))))));
    }

    @Test
    void notifyPublishesToTheTopicOnly() {
        assertThat(grantsOf(PipelineFunction.NOTIFY))
                .anyMatch(g -> g.startsWith("sns:Publish on ${Import:") && g.contains("NotificationsTopic"))
                .filteredOn(g -> g.startsWith("sns:"))
                .hasSize(1);
        for (PipelineFunction f : PipelineFunction.values()) {
            if (f != PipelineFunction.NOTIFY) {
                assertThat(grantsOf(f)).as(f.id()).noneMatch(g -> g.startsWith("sns:"));
            }
        }
    }

    @Test
    void copyRoleReadsRawAndRunRecordsOnly() {
        List<String> grants = PolicyStatements.grants(PolicyStatements.of(template, stack, stack.copyRole().role()));
        assertThat(grants)
                .contains("s3:GetObject on " + LAKE + "/raw/*", "s3:GetObject on " + LAKE + "/_sluice/runs/*")
                .anyMatch(g -> g.startsWith("kms:Decrypt on ${Import:"))
                .noneMatch(g -> g.startsWith("s3:PutObject") || g.startsWith("s3:DeleteObject"));
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "RoleName", "sluice-test-redshift-copy",
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Principal", Map.of("Service", "redshift.amazonaws.com"))),
                        Match.objectLike(Map.of("Principal", Map.of("Service", "redshift-serverless.amazonaws.com"))))))))));
    }

    @Test
    void stateMachineSubstitutesEveryPlaceholderOfItsFile() throws IOException {
        String asl = Files.readString(TestDeployment.resource("statemachines/test-migrate-table.asl.json"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{(\\w+)}").matcher(asl);
        java.util.Set<String> placeholders = new java.util.TreeSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).hasSize(17);

        Map<String, Map<String, Object>> machines = template.findResources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) machines.values().iterator().next().get("Properties");
        @SuppressWarnings("unchecked")
        Map<String, Object> substitutions = (Map<String, Object>) props.get("DefinitionSubstitutions");
        assertThat(substitutions.keySet()).isEqualTo(placeholders);
        assertThat(substitutions).containsEntry("LakeBucket", "acme-sluice-test-lake")
                .containsEntry("RawPrefix", "raw/")
                .containsEntry("StatePrefix", "_sluice/")
                .containsEntry("AthenaWorkgroup", "sluice-test")
                .containsEntry("GlueDatabase", "sluice_test");
        String aliasId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                stack.functions().alias(PipelineFunction.EXTRACT_CHUNK).getNode().getDefaultChild());
        assertThat(substitutions.get("ExtractChunkFunctionArn")).isEqualTo(Map.of("Ref", aliasId));
        assertThat(props).containsKey("DefinitionS3Location");
    }

    @Test
    void stateMachineLogsAllEventsTracesAndInvokesOnlyTheAliases() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineName", "sluice-test-migrate-table",
                "TracingConfiguration", Map.of("Enabled", true),
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true)))));
        List<String> grants = PolicyStatements.grants(PolicyStatements.of(template, stack,
                stack.pipeline().stateMachine().getRole()));
        List<String> invokes = grants.stream().filter(g -> g.startsWith("lambda:InvokeFunction")).toList();
        assertThat(invokes).hasSize(PipelineFunction.values().length)
                .allMatch(g -> g.matches("lambda:InvokeFunction on \\$\\{Functions\\w+Live\\w+}"));
        assertThat(grants).contains("states:StartExecution on " + regional("states", "stateMachine:sluice-test-migrate-table"));
    }

    @Test
    void oneSchedulePerTableWithCronTimeZoneRetriesDeadLettersAndTheEventFile() throws IOException {
        template.resourceCountIs("AWS::Scheduler::Schedule", 2);
        String queueId = stack.getLogicalId((software.amazon.awscdk.CfnElement)
                stack.scheduleDeadLetters().getNode().getDefaultChild());
        String orders = new ObjectMapper().readTree(
                TestDeployment.resource("events/test/erp.dbo.Orders.json").toFile()).toString();
        template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "erp-dbo-orders",
                "GroupName", "sluice-test",
                "ScheduleExpression", "cron(0 2 * * ? *)",
                "ScheduleExpressionTimezone", "Europe/Paris",
                "FlexibleTimeWindow", Map.of("Mode", "FLEXIBLE", "MaximumWindowInMinutes", 15),
                "Target", Match.objectLike(Map.of(
                        "Input", orders,
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(queueId, "Arn"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 5, "MaximumEventAgeInSeconds", 3600))))));
        // no flexible window when config gives none
        template.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "erp-dbo-customers",
                "ScheduleExpression", "cron(0 */6 * * ? *)",
                "ScheduleExpressionTimezone", "UTC",
                "FlexibleTimeWindow", Map.of("Mode", "OFF"))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
    }

    @Test
    void alarmsCoverExecutionsFunctionsDeadLettersAndLagPerTable() {
        // 3 execution alarms + dead letters + one per function + one lag alarm per table
        template.resourceCountIs("AWS::CloudWatch::Alarm", 3 + 1 + PipelineFunction.values().length + 2);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-executions-failed",
                "MetricName", "ExecutionsFailed",
                "Namespace", "AWS/States",
                "Threshold", 1,
                "AlarmActions", List.of(Match.objectLike(Map.of("Fn::ImportValue", Match.stringLikeRegexp(".*NotificationsTopic.*")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-executions-throttled", "MetricName", "ExecutionThrottled")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-executions-timed-out", "MetricName", "ExecutionsTimedOut")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-ExtractChunk-errors",
                "MetricName", "Errors", "Namespace", "AWS/Lambda",
                "Threshold", PipelineAlarms.FUNCTION_ERRORS_THRESHOLD)));
        // daily schedule: SLA = 2 days; every 6 hours: SLA = 12 hours
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-erp-dbo-orders-watermark-lag",
                "Namespace", "Sluice",
                "MetricName", "WatermarkLagSeconds",
                "Dimensions", List.of(Map.of("Name", "Table", "Value", "erp.dbo.Orders")),
                "Statistic", "Maximum",
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 2 * 86_400)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "sluice-test-erp-dbo-customers-watermark-lag",
                "Dimensions", List.of(Map.of("Name", "Table", "Value", "erp.dbo.Customers")),
                "Threshold", 12 * 3_600)));
    }

    @Test
    void dashboardShowsThroughputLagChunkDurationAndFailures() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Map<String, Map<String, Object>> dashboards = template.findResources("AWS::CloudWatch::Dashboard");
        String body = PolicyStatements.render(((Map<?, ?>) dashboards.values().iterator().next().get("Properties"))
                .get("DashboardBody"));
        assertThat(body).contains("Rows extracted per second", "rows0 / PERIOD(rows0)", "RowsExtracted",
                "Watermark lag (s)", "WatermarkLagSeconds", "erp.dbo.Customers", "Chunk duration p90 (s)",
                "ChunkDurationSeconds", "ExecutionsFailed", "Function errors");
    }
}
