package dev.sluice.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns CDK context into a {@link Deployment}: {@code -c env=<name>} picks an entry of the cdk.json context map
 * {@value #ENVIRONMENTS} (environment name to config file); {@value #LAMBDA_JAR}, {@value #STATE_MACHINE} and
 * {@value #EVENTS} override where the Lambda jar, the state machine definition and the schedule inputs are read from.
 * Relative paths resolve against the directory {@code cdk} runs in (the repository root).
 */
public final class DeploymentSelection {

    public static final String ENV = "env";
    public static final String ENVIRONMENTS = "sluice:environments";
    public static final String DISPOSABLE = "sluice:disposableEnvironments";
    public static final String LAMBDA_JAR = "lambdaJar";
    public static final String STATE_MACHINE = "stateMachineDefinition";
    public static final String EVENTS = "eventsDirectory";

    public static final String DEFAULT_LAMBDA_JAR = "functions/lambda/target/sluice-lambda.jar";
    public static final String DEFAULT_STATE_MACHINE = "statemachines/migrate-table.asl.json";
    public static final String DEFAULT_EVENTS = "events";

    private DeploymentSelection() {
    }

    /**
     * @param context looks a context key up ({@code app.getNode()::tryGetContext}); null when absent
     * @param baseDirectory the directory relative paths in context resolve against
     */
    public static Deployment resolve(Function<String, Object> context, Path baseDirectory) {
        Map<String, String> environments = environments(context.apply(ENVIRONMENTS));
        Object requested = context.apply(ENV);
        if (requested == null || requested.toString().isBlank()) {
            throw new SynthException("No environment selected: run e.g. `npx cdk synth -c env=dev` (known: "
                    + new TreeSet<>(environments.keySet()) + ").");
        }
        String environment = requested.toString().trim();
        String configPath = environments.get(environment);
        if (configPath == null) {
            throw new SynthException("Unknown environment '" + environment + "': cdk.json context '" + ENVIRONMENTS
                    + "' knows " + new TreeSet<>(environments.keySet()) + ". Add \"" + environment
                    + "\": \"config/" + environment + ".yaml\" there or pick a known one.");
        }
        Path configFile = baseDirectory.resolve(configPath).normalize();
        SluiceConfig config = SluiceConfigReader.read(configFile);
        if (config.environment() != null && config.environment().name() != null
                && !config.environment().name().equals(environment)) {
            throw new SynthException("Config " + configFile + " says environment.name '" + config.environment().name()
                    + "' but it was selected as '" + environment + "': make environment.name match the cdk.json entry.");
        }
        return new Deployment(
                environment,
                configFile,
                config,
                path(context, LAMBDA_JAR, DEFAULT_LAMBDA_JAR, baseDirectory),
                path(context, STATE_MACHINE, DEFAULT_STATE_MACHINE, baseDirectory),
                path(context, EVENTS, DEFAULT_EVENTS, baseDirectory),
                disposable(context.apply(DISPOSABLE)).contains(environment));
    }

    private static Map<String, String> environments(Object contextValue) {
        Object value = fromJsonText(contextValue);
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new SynthException("cdk.json context '" + ENVIRONMENTS + "' is missing or empty: it maps each"
                    + " environment name to its config file, e.g. {\"dev\": \"config/dev.yaml\"}.");
        }
        var result = new java.util.LinkedHashMap<String, String>();
        map.forEach((k, v) -> {
            if (!(v instanceof String s) || s.isBlank()) {
                throw new SynthException("cdk.json context '" + ENVIRONMENTS + "." + k + "' must be a config file path.");
            }
            result.put(k.toString(), s);
        });
        return result;
    }

    private static Collection<String> disposable(Object contextValue) {
        Object value = fromJsonText(contextValue);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        throw new SynthException("cdk.json context '" + DISPOSABLE + "' must be a list of environment names.");
    }

    /** {@code -c key={"a": "b"}} arrives as text; cdk.json context arrives as maps and lists. */
    private static Object fromJsonText(Object value) {
        if (value instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
            try {
                return new ObjectMapper().readValue(text, Object.class);
            } catch (JsonProcessingException e) {
                throw new SynthException("Context value " + text + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return value;
    }

    private static Path path(Function<String, Object> context, String key, String fallback, Path base) {
        Object value = context.apply(key);
        String path = value == null || value.toString().isBlank() ? fallback : value.toString();
        return base.resolve(path).toAbsolutePath().normalize();
    }
}
