package dev.sluice.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ASL file with {@code ${Name}} placeholders (STYLE.md: state machines as files). The placeholders are read from
 * the file itself, so the substitutions handed to CloudFormation always cover every one of them: a placeholder the
 * app has no value for fails synth by name instead of reaching Step Functions as literal text.
 */
public final class StateMachineDefinition {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final Path file;
    private final Set<String> placeholders;

    private StateMachineDefinition(Path file, Set<String> placeholders) {
        this.file = file;
        this.placeholders = placeholders;
    }

    public static StateMachineDefinition read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SynthException("State machine definition " + file + " is missing: it is written with the"
                    + " pipeline (statemachines/migrate-table.asl.json); pass another with -c "
                    + DeploymentSelection.STATE_MACHINE + "=<path>.");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SynthException("State machine definition " + file + " cannot be read: " + e.getMessage(), e);
        }
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return new StateMachineDefinition(file, Collections.unmodifiableSet(found));
    }

    public Path file() {
        return file;
    }

    /** Every {@code ${Name}} in the file, sorted. */
    public Set<String> placeholders() {
        return placeholders;
    }

    /**
     * The substitutions for exactly the placeholders in the file, taken from {@code available}; fails naming each
     * placeholder without a value.
     */
    public Map<String, String> substitutions(Map<String, String> available) {
        Set<String> missing = new TreeSet<>(placeholders);
        missing.removeAll(available.keySet());
        if (!missing.isEmpty()) {
            throw new SynthException("State machine definition " + file + " uses placeholders with no substitution: "
                    + missing.stream().map(p -> "${" + p + "}").toList() + ". The app provides "
                    + new TreeSet<>(available.keySet()) + "; rename the placeholder or add its value in MigrationPipeline.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        placeholders.forEach(p -> result.put(p, available.get(p)));
        return result;
    }
}
