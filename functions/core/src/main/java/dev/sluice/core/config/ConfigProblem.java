package dev.sluice.core.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a migration config: which file, where in it, what is wrong and how to fix
 * it. {@link #describe()} is the one-line form on-call and the CLI print, for example
 * {@code config/dev.yaml: tables[2].target.mode: mode 'merge' needs a primary key. Fix: add primaryKey: [...]}.
 *
 * @param file     the config file as the user named it (e.g. {@code config/dev.yaml})
 * @param path     the path inside the file, e.g. {@code tables[2].watermark.column}; empty for the whole file
 * @param problem  what is wrong, as one sentence without a trailing period; never carries a secret
 * @param fix      what to change, as one sentence without a trailing period
 * @param severity {@link Severity#ERROR} stops the table (or the load); {@link Severity#WARNING} is reported only
 */
public record ConfigProblem(String file, String path, String problem, String fix, Severity severity) {

    /** Whether a problem stops the run or is only reported. */
    public enum Severity { ERROR, WARNING }

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        path = path == null ? "" : path;
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(severity, "severity");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file: path: problem. Fix: fix.} (warnings are prefixed with {@code warning: }). */
    public String describe() {
        StringBuilder line = new StringBuilder(file).append(": ");
        if (!path.isEmpty()) {
            line.append(path).append(": ");
        }
        if (severity == Severity.WARNING) {
            line.append("warning: ");
        }
        line.append(sentence(problem)).append(" Fix: ").append(sentence(fix));
        return line.toString();
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    @Override
    public String toString() {
        return describe();
    }
}
