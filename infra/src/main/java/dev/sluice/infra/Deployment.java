package dev.sluice.infra;

import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One environment the app synthesizes: its name (from {@code -c env=<name>}), its validated config and the files
 * the stacks are built from (the shaded Lambda jar, the state machine definition and the schedule inputs).
 *
 * @param disposable whether stateful resources may be destroyed with the stack (dev); otherwise they are retained
 */
public record Deployment(
        String environment,
        Path configFile,
        SluiceConfig config,
        Path lambdaJar,
        Path stateMachineDefinition,
        Path eventsDirectory,
        boolean disposable) {

    public Deployment {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        Objects.requireNonNull(stateMachineDefinition, "stateMachineDefinition");
        Objects.requireNonNull(eventsDirectory, "eventsDirectory");
        if (!environment.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new SynthException("Environment name '" + environment + "' is not usable in resource names: use 1-16"
                    + " lower-case letters, digits or '-', starting with a letter (e.g. dev, prod).");
        }
        Map<String, String> bySlug = new HashMap<>();
        for (TableConfig table : config.tables()) {
            String other = bySlug.put(TableNames.slug(table), TableNames.qualified(table));
            if (other != null) {
                throw new SynthException("Tables " + other + " and " + TableNames.qualified(table) + " both map to the"
                        + " resource name '" + TableNames.slug(table) + "' (schedule, crawler, alarm): rename one"
                        + " source in config so that their names differ by more than case and punctuation.");
            }
        }
    }

    /** The schedule input of a table: {@code events/<env>/<source>.<schema>.<table>.json}. */
    public Path scheduleInput(TableConfig table) {
        return eventsDirectory.resolve(environment).resolve(TableNames.qualified(table) + ".json");
    }
}
