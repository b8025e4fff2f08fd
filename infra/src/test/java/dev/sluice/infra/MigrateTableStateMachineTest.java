package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Template;

/**
 * The pipeline stack of config/test.yaml built from the repository's own statemachines/migrate-table.asl.json (the
 * other infra tests use a small stand-in): every placeholder of the file substituted by the matching alias and no
 * substitution unused, and the role the Distributed Map needs, no wider.
 */
class MigrateTableStateMachineTest {

    private static final String LAKE = "arn:${AWS::Partition}:s3:::acme-sluice-test-lake";
    private static final String STATES = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";

    @TempDir
    static Path dir;

    static PipelineStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        Deployment test = TestDeployment.deployment(dir, false);
        Deployment deployment = new Deployment(test.environment(), test.configFile(), test.config(), test.lambdaJar(),
                RepositoryFiles.MIGRATE_TABLE_ASL, test.eventsDirectory(), false);
        stack = TestDeployment.stage(dir, deployment).pipeline();
        template = Template.fromStack(stack);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyPlaceholderIsSubstitutedByItsStepsAliasAndEverySubstitutionIsUsed() {
        StateMachineDefinition definition = StateMachineDefinition.read(RepositoryFiles.MIGRATE_TABLE_ASL);
        Map<String, Map<String, Object>> machines = template.findResources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(1);
        Map<String, Object> props = (Map<String, Object>) machines.values().iterator().next().get("Properties");
        Map<String, Object> substitutions = (Map<String, Object>) props.get("DefinitionSubstitutions");

        assertThat(substitutions.keySet()).isEqualTo(definition.placeholders());
        assertThat(substitutions.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PipelineFunction.values()).map(PipelineFunction::placeholder).toList());
        assertThat(stack.pipeline().substitutions().keySet()).isEqualTo(definition.placeholders());
        for (PipelineFunction f : PipelineFunction.values()) {
            String aliasId = stack.getLogicalId((CfnElement) stack.functions().alias(f).getNode().getDefaultChild());
            assertThat(substitutions.get(f.placeholder())).as(f.placeholder()).isEqualTo(Map.of("Ref", aliasId));
        }
    }

    @Test
    void theRoleReadsOnlyChunkItemListsAndRunsOnlyItsOwnChildExecutions() {
        List<PolicyStatements.Statement> statements = PolicyStatements.of(template, stack,
                stack.pipeline().stateMachine().getRole());
        List<String> grants = PolicyStatements.grants(statements);
        assertThat(grants).filteredOn(g -> g.startsWith("s3:"))
                .containsExactly("s3:GetObject on " + LAKE + "/_sluice/runs/*/items.json");
        assertThat(grants).filteredOn(g -> g.startsWith("states:")).containsExactlyInAnyOrder(
                "states:StartExecution on " + STATES + "stateMachine:sluice-test-migrate-table",
                "states:DescribeExecution on " + STATES + "execution:sluice-test-migrate-table/*",
                "states:StopExecution on " + STATES + "execution:sluice-test-migrate-table/*");
        assertThat(grants).filteredOn(g -> g.startsWith("kms:"))
                .singleElement().asString().startsWith("kms:Decrypt on ${Import:");
    }
}
