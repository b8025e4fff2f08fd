package dev.sluice.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code sluice} command line of local mode. Each command is a picocli class registered in
 * {@link Command#subcommands()} below; {@link #run(String[], PrintStream, PrintStream, CliEnvironment)} is the
 * testable entry point and {@link #main(String[])} only adds {@code System.exit}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_BAD_INPUT} bad input or config (one line on stderr, no
 * stack trace unless {@code --verbose}); {@value #EXIT_FAILED} the command ran and failed.
 */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceCli.Version.class,
        description = "Moves SQL Server and PostgreSQL tables into an AWS lakehouse; this is its local mode.",
        subcommands = {PlanCommand.class, RunCommand.class, StatusCommand.class, ReportCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class SluiceCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = CommandFailure.FAILED;
    public static final int EXIT_BAD_INPUT = CommandFailure.BAD_INPUT;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "On failure, also print the underlying exception's stack trace.")
    boolean verbose;

    @Option(names = "--state", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where local mode keeps its state (lake, catalog, warehouse, the demo database); default: "
                    + ".sluice under the working directory. 'sluice demo' prints its own.")
    String state;

    private final CliEnvironment environment;

    SluiceCli(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The process around the command, with {@code --state} applied. */
    CliEnvironment environment() {
        return state == null ? environment : environment.withStateDirectory(java.nio.file.Path.of(state));
    }

    boolean verbose() {
        return verbose;
    }

    /** {@code sluice} alone: a command is missing. */
    @Override
    public void run() {
        throw CommandFailure.badInput("a command is required, e.g. sluice plan --config config/demo.yaml (see "
                + "'sluice --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, CliEnvironment.ofProcess()));
    }

    /** Runs {@code args} against the real process environment; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, CliEnvironment.ofProcess());
    }

    /** Runs {@code args}; returns the exit code. Never calls {@code System.exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err, CliEnvironment environment) {
        SluiceCli root = new SluiceCli(environment);
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(root)
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    CommandLine command = e.getCommandLine();
                    command.getErr().println("sluice: " + e.getMessage() + " (see '"
                            + command.getCommandSpec().qualifiedName() + " --help')");
                    command.getErr().flush();
                    return EXIT_BAD_INPUT;
                })
                .setExecutionExceptionHandler((e, command, parseResult) -> {
                    PrintWriter errors = command.getErr();
                    int code;
                    if (e instanceof CommandFailure failure) {
                        errors.println("sluice: " + failure.getMessage());
                        code = failure.exitCode();
                    } else {
                        errors.println("sluice: " + command.getCommandName() + " failed unexpectedly: "
                                + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + " (rerun with --verbose for the stack trace and report it)");
                        code = EXIT_FAILED;
                    }
                    if (root.verbose) {
                        e.printStackTrace(errors);
                    }
                    errors.flush();
                    return code;
                });
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** The project version, from a resource filtered at build time. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"sluice " + projectVersion(), "java " + Runtime.version()};
        }

        static String projectVersion() {
            try (InputStream in = SluiceCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
