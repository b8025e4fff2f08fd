package dev.sluice.lambda.aws.testing;

import dev.sluice.core.pipeline.DefinitionSubstitution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A state machine file of {@code statemachines/} made deployable the way CDK's {@code definitionSubstitutions} make
 * it: every {@code ${Name}} replaced by its value (JSON-string escaped, as the values sit inside JSON strings), and a
 * placeholder without a value an error naming it: core's {@link DefinitionSubstitution}, which local mode's runner
 * uses too.
 */
public final class AslDefinition {

    private AslDefinition() {
    }

    /**
     * The repository's {@code statemachines/<name>.asl.json}: from system property {@code sluice.repository} (the
     * build sets it to the reactor root), else found upwards from the working directory.
     */
    public static Path file(String name) {
        return repositoryFile("statemachines/" + name + ".asl.json");
    }

    /**
     * A file of the repository by its path from the root (e.g. {@code events/demo/demo.sales.orders.json}), looked
     * up as {@link #file} does.
     */
    public static Path repositoryFile(String relativePath) {
        String root = System.getProperty("sluice.repository");
        Path start = root == null || root.isBlank() ? Path.of("").toAbsolutePath() : Path.of(root).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relativePath);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relativePath + " is not above " + start
                + ": run the tests from the repository (the build sets -Dsluice.repository)");
    }

    /** The placeholder names in {@code text}, sorted. */
    public static Set<String> placeholders(String text) {
        return DefinitionSubstitution.placeholders(text);
    }

    /**
     * The text of {@code definition} with its placeholders replaced from {@code values}.
     *
     * @throws IllegalArgumentException naming every placeholder without a value
     */
    public static String substitute(Path definition, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(definition);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + definition, e);
        }
        return DefinitionSubstitution.substitute(text, values, definition.toString());
    }
}
