package dev.sluice.local.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void noNodeOnThePathIsAClearError() throws IOException {
        Path emptyBin = Files.createDirectories(dir.resolve("bin"));

        assertThatThrownBy(() -> NodeRuntime.executableOnPath(null, List.of(emptyBin)))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("node was not found on PATH ([" + emptyBin + "])")
                .hasMessageContaining("Node.js 20 or newer")
                .hasMessageContaining("SLUICE_NODE");
    }

    @Test
    void firstExecutableNodeOnThePathWins() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path notExecutable = Files.writeString(first.resolve("node"), "not a program");
        Path node = fakeNode(second, "v22.3.0");

        assertThat(Files.isExecutable(notExecutable)).isFalse();
        assertThat(NodeRuntime.executableOnPath(null, List.of(first, second))).isEqualTo(node);
    }

    @Test
    void explicitNodeThatIsNotExecutableIsRefused() {
        assertThatThrownBy(() -> NodeRuntime.executableOnPath(dir.resolve("nowhere/node").toString(), List.of()))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("nowhere/node, which is not an executable file");
    }

    @Test
    void nodeOlderThan20IsRefusedNamingItsVersion() throws IOException {
        Path node = fakeNode(dir, "v18.19.1");
        installLibrary(dir);

        assertThatThrownBy(() -> NodeRuntime.locate(dir, node))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining("is version 18")
                .hasMessageContaining("needs Node.js 20 or newer");
    }

    @Test
    void missingNodeModulesSaysToRunNpmCi() throws IOException {
        Path node = fakeNode(dir, "v20.20.2");

        assertThatThrownBy(() -> NodeRuntime.locate(dir, node))
                .isInstanceOf(StateMachineRunnerException.class)
                .hasMessageContaining(dir.resolve("node_modules/aws-local-stepfunctions") + " is missing")
                .hasMessageContaining("run `npm ci` in " + dir);
    }

    @Test
    void usableNodeAndLibraryAreLocated() throws IOException {
        Path node = fakeNode(dir, "v24.1.0");
        installLibrary(dir);

        NodeRuntime runtime = NodeRuntime.locate(dir, node);

        assertThat(runtime.majorVersion()).isEqualTo(24);
        assertThat(runtime.nodeModules()).isEqualTo(dir.resolve("node_modules"));
    }

    @Test
    void projectRootIsTheNearestPackageJsonDeclaringTheLibrary() throws IOException {
        Files.writeString(dir.resolve("package.json"), "{\"devDependencies\": {\"aws-local-stepfunctions\": \"3.0.0\"}}");
        Path module = Files.createDirectories(dir.resolve("local/src"));
        Files.writeString(dir.resolve("local/package.json"), "{\"name\": \"something-else\"}");

        assertThat(NodeRuntime.projectRoot(module)).isEqualTo(dir);
    }

    private static Path fakeNode(Path bin, String version) throws IOException {
        Path node = bin.resolve("node");
        Files.writeString(node, "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
        return node;
    }

    private static void installLibrary(Path root) throws IOException {
        Path library = Files.createDirectories(root.resolve("node_modules/aws-local-stepfunctions"));
        Files.writeString(library.resolve("package.json"), "{\"name\": \"aws-local-stepfunctions\"}");
    }
}
