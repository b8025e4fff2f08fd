package dev.sluice.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A migration config that cannot be used. Thrown at load time (the CLI's {@code plan}, {@code cdk synth}, a Lambda
 * cold start) so a bad config never fails a run halfway. The message holds one line per problem, each complete on
 * its own ({@code file: path: what is wrong. Fix: what to change.}); the accessors describe the first problem.
 * Messages never carry a secret or a JDBC URL.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems at least one problem; the first one is the headline */
    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    ConfigException(ConfigProblem problem, Throwable cause) {
        super(message(List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    private static String message(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.stream().map(ConfigProblem::describe).collect(Collectors.joining("\n"));
    }

    /** Every problem found, in file order; the first is the one the accessors describe. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The config file, as the user named it. */
    public String file() {
        return problems.get(0).file();
    }

    /** The path inside the file of the first problem, e.g. {@code tables[2].watermark.column}. */
    public String path() {
        return problems.get(0).path();
    }

    /** What is wrong (first problem). */
    public String problem() {
        return problems.get(0).problem();
    }

    /** How to fix it (first problem). */
    public String fix() {
        return problems.get(0).fix();
    }
}
