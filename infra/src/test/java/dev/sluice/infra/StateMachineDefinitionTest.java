package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateMachineDefinitionTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryPlaceholderOnce() throws IOException {
        Path asl = Files.writeString(dir.resolve("a.asl.json"),
                "{\"A\": \"${PlanFunctionArn}\", \"B\": \"${LakeBucket}/${PlanFunctionArn}\", \"C\": \"$.not\"}");
        assertThat(StateMachineDefinition.read(asl).placeholders()).containsExactly("LakeBucket", "PlanFunctionArn");
    }

    @Test
    void substitutionsCoverExactlyTheFilesPlaceholders() throws IOException {
        Path asl = Files.writeString(dir.resolve("a.asl.json"), "{\"A\": \"${PlanFunctionArn}\"}");
        assertThat(StateMachineDefinition.read(asl).substitutions(Map.of("PlanFunctionArn", "arn:p", "LakeBucket", "b")))
                .containsExactlyEntriesOf(Map.of("PlanFunctionArn", "arn:p"));
    }

    @Test
    void failsNamingEachPlaceholderWithoutAValue() throws IOException {
        Path asl = Files.writeString(dir.resolve("a.asl.json"),
                "{\"A\": \"${PlanFunctionArn}\", \"B\": \"${ReportBucket}\", \"C\": \"${Typo}\"}");
        assertThatThrownBy(() -> StateMachineDefinition.read(asl).substitutions(Map.of("PlanFunctionArn", "arn:p")))
                .isInstanceOf(SynthException.class)
                .hasMessageContaining("${ReportBucket}")
                .hasMessageContaining("${Typo}")
                .hasMessageNotContaining("${PlanFunctionArn}]");
    }

    @Test
    void missingFileSaysWhereItComesFrom() {
        assertThatThrownBy(() -> StateMachineDefinition.read(dir.resolve("nope.asl.json")))
                .hasMessageContaining("nope.asl.json is missing")
                .hasMessageContaining("-c stateMachineDefinition=");
    }
}
