package dev.sluice.core.pipeline;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a state machine file of {@code statemachines/} becomes the definition that runs, the way CDK's
 * {@code definitionSubstitutions} make it: every {@code ${Name}} replaced by its value, JSON-string escaped (the
 * placeholders sit inside JSON strings), and a placeholder without a value an error naming it. Local mode's runner
 * and the LocalStack deployment use this one rule.
 */
public final class DefinitionSubstitution {

    /** The placeholder syntax of {@code statemachines/*.asl.json}. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private DefinitionSubstitution() {
    }

    /** The placeholder names in {@code text}, sorted. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * {@code text} with its placeholders replaced from {@code values}.
     *
     * @param where names the definition in the error
     * @throws IllegalArgumentException naming every placeholder without a value
     */
    public static String substitute(String text, Map<String, String> values, String where) {
        Set<String> missing = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                    new String(JsonStringEncoder.getInstance().quoteAsString(value))));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(where + " has placeholders without a value: " + missing);
        }
        return out.toString();
    }
}
