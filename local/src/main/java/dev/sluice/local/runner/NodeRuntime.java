package dev.sluice.local.runner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js the local state machine runner runs aws-local-stepfunctions with, and the project's
 * {@code node_modules} that holds it.
 *
 * <p>node: the executable named by system property {@code sluice.node} or environment variable {@code SLUICE_NODE},
 * else the first {@code node} on {@code PATH}; it must be version 20 or newer. node_modules: under the project root,
 * which is system property {@code sluice.home} or environment variable {@code SLUICE_HOME}, else the nearest directory
 * at or above the working directory whose {@code package.json} declares {@code aws-local-stepfunctions} (the
 * repository root, whose {@code npm ci} installs it).
 *
 * @param node the node executable
 * @param majorVersion its major version
 * @param nodeModules the project's node_modules directory, holding aws-local-stepfunctions
 */
public record NodeRuntime(Path node, int majorVersion, Path nodeModules) {

    /** The oldest Node.js the runner supports (aws-local-stepfunctions' one Node 22 API is polyfilled). */
    public static final int MINIMUM_MAJOR_VERSION = 20;

    static final String LIBRARY = "aws-local-stepfunctions";
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+");

    /** The node and node_modules of this machine and project, as described on the type. */
    public static NodeRuntime locate() {
        String home = setting("sluice.home", "SLUICE_HOME");
        Path root = home != null ? Path.of(home) : projectRoot(Path.of("").toAbsolutePath());
        return locate(root, executableOnPath(setting("sluice.node", "SLUICE_NODE"), searchPath()));
    }

    /** node as described on the type ({@code SLUICE_NODE} or {@code PATH}), node_modules under {@code projectRoot}. */
    public static NodeRuntime locate(Path projectRoot) {
        return locate(projectRoot, executableOnPath(setting("sluice.node", "SLUICE_NODE"), searchPath()));
    }

    /** The node found as described on the type, with node_modules under {@code projectRoot}. */
    public static NodeRuntime locate(Path projectRoot, Path node) {
        int major = majorVersion(node);
        if (major < MINIMUM_MAJOR_VERSION) {
            throw new StateMachineRunnerException("node " + node + " is version " + major + "; the local state "
                    + "machine runner needs Node.js " + MINIMUM_MAJOR_VERSION + " or newer: install it and put it "
                    + "first on PATH, or set SLUICE_NODE to its path");
        }
        Path nodeModules = projectRoot.resolve("node_modules").toAbsolutePath().normalize();
        if (!Files.isRegularFile(nodeModules.resolve(LIBRARY).resolve("package.json"))) {
            throw new StateMachineRunnerException(nodeModules.resolve(LIBRARY) + " is missing: run `npm ci` in "
                    + projectRoot.toAbsolutePath().normalize() + " (the local state machine runner needs the npm "
                    + "packages of its package.json)");
        }
        return new NodeRuntime(node, major, nodeModules);
    }

    /**
     * {@code explicit} if given, else the first executable {@code node} in {@code searchPath}.
     *
     * @throws StateMachineRunnerException naming the directories searched when there is none
     */
    static Path executableOnPath(String explicit, List<Path> searchPath) {
        if (explicit != null) {
            Path node = Path.of(explicit);
            if (!Files.isExecutable(node)) {
                throw new StateMachineRunnerException("SLUICE_NODE / sluice.node names " + explicit
                        + ", which is not an executable file: point it at a Node.js " + MINIMUM_MAJOR_VERSION
                        + "+ binary or unset it to use node from PATH");
            }
            return node;
        }
        for (Path dir : searchPath) {
            Path node = dir.resolve("node");
            if (Files.isRegularFile(node) && Files.isExecutable(node)) {
                return node;
            }
        }
        throw new StateMachineRunnerException("node was not found on PATH (" + searchPath + "); the local state "
                + "machine runner needs Node.js " + MINIMUM_MAJOR_VERSION + " or newer: install it (e.g. apt-get "
                + "install nodejs npm) or set SLUICE_NODE to its path");
    }

    /** The nearest directory at or above {@code start} whose package.json declares aws-local-stepfunctions. */
    static Path projectRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path packageJson = dir.resolve("package.json");
            try {
                if (Files.isRegularFile(packageJson) && Files.readString(packageJson).contains('"' + LIBRARY + '"')) {
                    return dir;
                }
            } catch (IOException e) {
                throw new StateMachineRunnerException("cannot read " + packageJson + ": " + e.getMessage(), e);
            }
        }
        throw new StateMachineRunnerException("no package.json declaring " + LIBRARY + " at or above " + start
                + ": run from the Sluice repository, or set SLUICE_HOME to the repository root");
    }

    static int majorVersion(Path node) {
        Process process;
        try {
            process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new StateMachineRunnerException("cannot run " + node + " --version: " + e.getMessage()
                    + "; install Node.js " + MINIMUM_MAJOR_VERSION + "+ or set SLUICE_NODE to a working node", e);
        }
        try {
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StateMachineRunnerException(node + " --version did not answer within 30 s");
            }
            Matcher m = VERSION.matcher(out);
            if (process.exitValue() != 0 || !m.find()) {
                throw new StateMachineRunnerException(node + " --version printed '" + out + "', not a Node.js "
                        + "version: set SLUICE_NODE to a Node.js " + MINIMUM_MAJOR_VERSION + "+ binary");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new StateMachineRunnerException("cannot read " + node + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateMachineRunnerException("interrupted while asking " + node + " for its version", e);
        }
    }

    private static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
