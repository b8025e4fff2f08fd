package dev.sluice.local.cli;

/**
 * ANSI styling of terminal output, or none: enabled only when stdout is a terminal and {@code NO_COLOR} is unset
 * (see {@link CliEnvironment#colour()}), so piped and redirected output is plain text.
 */
final class TerminalStyle {

    static final String OK = "ok";
    static final String WARN = "warn";
    static final String BAD = "bad";
    static final String DIM = "dim";

    private final boolean enabled;

    TerminalStyle(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    String bold(String text) {
        return wrap("1", text);
    }

    String apply(String role, String text) {
        return switch (role) {
            case OK -> wrap("32", text);
            case WARN -> wrap("33", text);
            case BAD -> wrap("1;31", text);
            case DIM -> wrap("2", text);
            default -> text;
        };
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
