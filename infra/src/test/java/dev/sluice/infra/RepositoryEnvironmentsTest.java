package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The environments of the repository's cdk.json (dev -> config/dev.yaml, prod -> config/prod.example.yaml), built
 * the way {@code cdk synth -c env=...} builds them: the repository's state machine and schedule inputs, a tiny jar
 * standing in for the shaded Lambda jar. cdk-nag AwsSolutions must find nothing unsuppressed.
 */
class RepositoryEnvironmentsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private SluiceStage stage(String env) throws IOException {
        Map<String, Object> cdkJson = new ObjectMapper().readValue(ROOT.resolve("cdk.json").toFile(), Map.class);
        Map<String, Object> context = new HashMap<>((Map<String, Object>) cdkJson.get("context"));
        context.put(DeploymentSelection.ENV, env);
        context.put(DeploymentSelection.LAMBDA_JAR, TestDeployment.tinyJar(dir).toString());
        Deployment deployment = DeploymentSelection.resolve(context::get, ROOT);
        assertThat(deployment.stateMachineDefinition()).isEqualTo(RepositoryFiles.MIGRATE_TABLE_ASL);
        assertThat(deployment.eventsDirectory()).isEqualTo(RepositoryFiles.EVENTS);
        return TestDeployment.stage(dir, deployment);
    }

    private static List<String> nagFindings(SluiceStage stage) {
        Aspects.of(stage).add(new AwsSolutionsChecks(NagPackProps.builder().build()));
        List<String> findings = new ArrayList<>();
        for (Stack stack : List.of(stage.lakehouse(), stage.pipeline())) {
            Template.fromStack(stack);
            Annotations a = Annotations.fromStack(stack);
            for (SynthesisMessage m : a.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                findings.add(m.getId() + ": " + m.getEntry().getData());
            }
            for (SynthesisMessage m : a.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                findings.add(m.getId() + ": " + m.getEntry().getData());
            }
        }
        return findings;
    }

    @Test
    void devIsDisposableAndPassesNag() throws IOException {
        SluiceStage stage = stage("dev");
        assertThat(stage.lakehouse().getTerminationProtection()).isFalse();
        Template lakehouse = Template.fromStack(stage.lakehouse());
        lakehouse.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("BucketName", "acme-dev-sluice-lake")),
                "DeletionPolicy", "Delete")));
        Template pipeline = Template.fromStack(stage.pipeline());
        pipeline.resourceCountIs("AWS::Scheduler::Schedule", 3);
        pipeline.hasResourceProperties("AWS::Scheduler::Schedule", Match.objectLike(Map.of(
                "Name", "sales-dbo-invoices",
                "Target", Match.objectLike(Map.of("Input",
                        "{\"source\":\"sales\",\"table\":\"dbo.Invoices\",\"mode\":\"auto\"}")))));
        assertThat(nagFindings(stage)).isEmpty();
    }

    @Test
    void prodUsesItsExistingKeyTopicCopyRoleAndClusterAndPassesNag() throws IOException {
        SluiceStage stage = stage("prod");
        PipelineStack pipeline = stage.pipeline();
        Template lakehouse = Template.fromStack(stage.lakehouse());
        Template template = Template.fromStack(pipeline);

        assertThat(stage.lakehouse().getTerminationProtection()).isTrue();
        lakehouse.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("BucketName", "acme-prod-sluice-lake")),
                "DeletionPolicy", "Retain")));
        lakehouse.resourceCountIs("AWS::KMS::Key", 0);       // lake key and topic are given by config
        lakehouse.resourceCountIs("AWS::SNS::Topic", 0);
        assertThat(pipeline.copyRole()).isNull();

        List<PolicyStatements.Statement> extract = PolicyStatements.of(template, pipeline,
                pipeline.functions().role(PipelineFunction.EXTRACT_CHUNK));
        // the alias-named key is granted as key/* limited to the alias
        assertThat(extract).anySatisfy(s -> {
            assertThat(s.actions()).contains("kms:GenerateDataKey");
            assertThat(s.resources()).containsExactly("arn:aws:kms:eu-west-2:210987654321:key/*");
            assertThat(s.condition()).isEqualTo(Map.of("ForAnyValue:StringEquals",
                    Map.of("kms:ResourceAliases", "alias/sluice-prod-lake")));
        });
        // both sources' secrets, nothing else from Secrets Manager
        assertThat(PolicyStatements.grants(extract)).filteredOn(g -> g.startsWith("secretsmanager:"))
                .containsExactlyInAnyOrder(
                        "secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-2:210987654321:secret:sluice/prod/erp-reader-Qw12Er",
                        "secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-2:210987654321:secret:sluice/prod/billing-reader-Ty56Ui");
        List<String> load = PolicyStatements.grants(PolicyStatements.of(template, pipeline,
                pipeline.functions().role(PipelineFunction.START_LOAD)));
        assertThat(load).contains(
                "redshift-data:ExecuteStatement on arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:cluster:acme-prod-dw",
                "redshift:GetClusterCredentials on arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:dbuser:acme-prod-dw/sluice_loader");
        assertThat(PolicyStatements.grants(PolicyStatements.of(template, pipeline,
                pipeline.functions().role(PipelineFunction.NOTIFY))))
                .contains("sns:Publish on arn:aws:sns:eu-west-2:210987654321:data-platform-oncall");
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "sluice-prod-StartLoad",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "SLUICE_REDSHIFT_CLUSTER", "acme-prod-dw",
                        "SLUICE_REDSHIFT_COPY_ROLE_ARN", "arn:aws:iam::210987654321:role/acme-prod-redshift-copy"))))));
        // readers run in the shared VPC with both sources' security groups
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "sluice-prod-ExtractChunk",
                "VpcConfig", Map.of(
                        "SubnetIds", List.of("subnet-0f1e2d3c4b5a60011", "subnet-0f1e2d3c4b5a60012"),
                        "SecurityGroupIds", List.of("sg-0f1e2d3c4b5a60013", "sg-0f1e2d3c4b5a60014")))));
        assertThat(nagFindings(stage)).isEmpty();
    }
}
