package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag AwsSolutions over both stacks of an environment, retained (prod-like) and disposable (dev-like): no
 * unsuppressed error or warning. Suppressions live next to the resources they apply to, each with an id, a reason and,
 * for wildcard findings, the exact resources in {@code appliesTo}.
 */
class AwsSolutionsNagTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "disposable={0}")
    @ValueSource(booleans = {false, true})
    void noUnsuppressedFindings(boolean disposable) {
        SluiceStage stage = TestDeployment.stage(dir, TestDeployment.deployment(dir, disposable));
        Aspects.of(stage).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        List<String> findings = new ArrayList<>();
        for (Stack stack : List.of(stage.lakehouse(), stage.pipeline())) {
            Template.fromStack(stack); // runs the aspects
            Annotations annotations = Annotations.fromStack(stack);
            for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                findings.add("ERROR " + m.getId() + ": " + m.getEntry().getData());
            }
            for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                findings.add("WARN " + m.getId() + ": " + m.getEntry().getData());
            }
        }
        assertThat(findings).isEmpty();
    }

    /** Every suppression: a rule id, a reason that explains (not "ok"), and for IAM4/IAM5 the exact resources. */
    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionIsNarrowAndExplained() {
        SluiceStage stage = TestDeployment.stage(dir, TestDeployment.deployment(dir, true));
        int suppressions = 0;
        for (Stack stack : List.of(stage.lakehouse(), stage.pipeline())) {
            Map<String, Object> resources = (Map<String, Object>) Template.fromStack(stack).toJSON().get("Resources");
            for (Map.Entry<String, Object> e : resources.entrySet()) {
                Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) e.getValue()).get("Metadata");
                if (metadata == null || !metadata.containsKey("cdk_nag")) {
                    continue;
                }
                List<Map<String, Object>> rules = (List<Map<String, Object>>)
                        ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress");
                for (Map<String, Object> rule : rules) {
                    suppressions++;
                    String id = (String) rule.get("id");
                    assertThat(id).as(e.getKey()).startsWith("AwsSolutions-");
                    assertThat((String) rule.get("reason")).as(e.getKey() + " " + id).hasSizeGreaterThan(40);
                    if (id.equals("AwsSolutions-IAM5") || id.equals("AwsSolutions-IAM4")) {
                        List<Object> appliesTo = (List<Object>) rule.get("applies_to");
                        assertThat(appliesTo).as(e.getKey() + " " + id + " appliesTo").isNotEmpty()
                                .allSatisfy(a -> assertThat(a.toString()).doesNotContain("Action::"));
                    }
                }
            }
        }
        assertThat(suppressions).isGreaterThan(10);
    }
}
