package dev.sluice.local.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionSubstitutionTest {

    @TempDir
    Path dir;

    @Test
    void everyStepsFunctionArnHasALocalDefaultAndOthersComeFromTheOptions() throws IOException {
        Path asl = Files.writeString(dir.resolve("m.asl.json"),
                "{\"a\": \"${PlanFunctionArn}\", \"b\": \"${LakeBucket}\", \"c\": ${Concurrency}}");
        ExecutionOptions options = ExecutionOptions.local().withSubstitution("LakeBucket", "lake \"quoted\"")
                .withSubstitution("Concurrency", "4");

        String text = LocalStateMachineRunner.substitute(asl, options.effectiveSubstitutions());

        assertThat(text).isEqualTo("{\"a\": \"arn:aws:lambda:us-east-1:000000000000:function:Plan\", "
                + "\"b\": \"lake \\\"quoted\\\"\", \"c\": 4}");
    }

    @Test
    void placeholdersWithoutAValueAreNamed() throws IOException {
        Path asl = Files.writeString(dir.resolve("m.asl.json"),
                "{\"a\": \"${CommitFunctionArn}\", \"b\": \"${StatePrefix}\", \"c\": \"${AthenaWorkgroup}\"}");

        assertThatThrownBy(() -> LocalStateMachineRunner.substitute(asl,
                ExecutionOptions.local().effectiveSubstitutions()))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("[AthenaWorkgroup, StatePrefix]")
                .hasMessageContaining("ExecutionOptions.withSubstitution");
    }
}
