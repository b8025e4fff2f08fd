package dev.sluice.infra;

/**
 * Why {@code cdk synth} cannot build an environment: an unknown environment, an invalid config, a missing Lambda
 * jar, state machine definition or schedule input. The message names the file or context key and says the fix.
 */
public final class SynthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SynthException(String message) {
        super(message);
    }

    public SynthException(String message, Throwable cause) {
        super(message, cause);
    }
}
