package dev.sluice.local.cli;

import dev.sluice.local.stand.LocalPipeline;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may read from the process around it, passed in so tests control it: environment variables
 * (logins of sources, {@code SLUICE_HOME}), the working directory (relative config paths), where local mode keeps
 * its state ({@code .sluice/} under the working directory unless a command says otherwise), and whether stdout is a
 * terminal (colour, the live progress bar).
 */
public record CliEnvironment(Map<String, String> variables, Path workingDirectory, boolean stdoutIsTerminal,
                             Path stateDirectory) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        stateDirectory = stateDirectory == null ? workingDirectory.resolve(LocalPipeline.STATE_DIRECTORY)
                : workingDirectory.resolve(stateDirectory).normalize();
    }

    /** State in {@code .sluice/} under {@code workingDirectory}. */
    public CliEnvironment(Map<String, String> variables, Path workingDirectory, boolean stdoutIsTerminal) {
        this(variables, workingDirectory, stdoutIsTerminal, null);
    }

    /** The same process with local mode's state kept in {@code directory} instead (the demo's own workspace). */
    public CliEnvironment withStateDirectory(Path directory) {
        return new CliEnvironment(variables, workingDirectory, stdoutIsTerminal, directory);
    }

    /** {@code path} as people read it: relative to the working directory when it is under it. */
    public String shown(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
                ? workingDirectory.relativize(absolute).toString() : absolute.toString();
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
}
