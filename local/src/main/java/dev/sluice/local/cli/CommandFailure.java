package dev.sluice.local.cli;

/**
 * Why a CLI command stops, with the exit code the shell sees. The message is one complete line for stderr: what
 * is wrong, with which file, source, table or column, and the fix. It never carries a secret.
 */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of bad input or config. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a command that ran and failed. */
    public static final int FAILED = 1;

    private final int exitCode;

    private CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Bad input or config: a missing file, an invalid config, an unknown table, an unreachable source (exit 2). */
    public static CommandFailure badInput(String message) {
        return new CommandFailure(BAD_INPUT, message, null);
    }

    public static CommandFailure badInput(String message, Throwable cause) {
        return new CommandFailure(BAD_INPUT, message, cause);
    }

    /** The command ran and failed (exit 1): a run whose chunk, validation or load failed. */
    public static CommandFailure failed(String message, Throwable cause) {
        return new CommandFailure(FAILED, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
