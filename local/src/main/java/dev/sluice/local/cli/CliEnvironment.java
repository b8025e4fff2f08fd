package dev.sluice.local.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may read from the process around it, passed in so tests control it: environment variables
 * (logins of sources), the working directory (relative config paths, {@code .sluice/}), and whether stdout is a
 * terminal (colour).
 */
public record CliEnvironment(Map<String, String> variables, Path workingDirectory, boolean stdoutIsTerminal) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The real process: {@code System.getenv()}, {@code user.dir}, and a console on stdout. */
    public static CliEnvironment ofProcess() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.dir")), stdoutIsConsole());
    }

    /**
     * Java 21's {@code System.console()} is null when stdout is redirected; from Java 22 it may exist anyway and
     * {@code Console.isTerminal()} (looked up reflectively, since Sluice targets 21) tells.
     */
    private static boolean stdoutIsConsole() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** Colour only on a terminal, and never when {@code NO_COLOR} is set (https://no-color.org). */
    public boolean colour() {
        return stdoutIsTerminal && !variables.containsKey("NO_COLOR");
    }

    /** A path from the command line, resolved against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** Where local mode keeps its state: {@code .sluice/} under the working directory. */
    public Path stateDirectory() {
        return workingDirectory.resolve(".sluice");
    }
}
