package dev.sluice.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a migration config ({@code config/<env>.yaml}) into a {@link SluiceConfig}: parses the YAML, applies the
 * defaults, binds the records through their canonical constructors (unknown keys are errors) and runs every static
 * check of {@link ConfigValidator}. Any problem is thrown as one {@link ConfigException} naming the file, the path
 * in it and the fix, so a bad config fails {@code sluice plan}, {@code cdk synth} and the Lambda cold start alike.
 */
public final class ConfigLoader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(ConfigScalars.module())
            .build();

    private static final ObjectReader READER = MAPPER.readerFor(SluiceConfig.class);

    private ConfigLoader() {
    }

    /**
     * Loads and validates {@code file}. Warnings (risky choices stated on purpose) do not stop the load; the CLI
     * prints them from {@link ConfigValidator#validate(Path, SluiceConfig)}.
     *
     * @throws ConfigException when the file is missing, is not YAML, does not map onto the config records or fails
     *                         a static check; the message lists every problem found, one per line
     */
    public static SluiceConfig load(Path file) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(name, reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(name, "", "the config file does not exist",
                    "check the path, or copy config/prod.example.yaml to start a new environment",
                    ConfigProblem.Severity.ERROR), e);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(name, "", "the config file cannot be read ("
                    + e.getClass().getSimpleName() + ")", "check the file's permissions and encoding (UTF-8)",
                    ConfigProblem.Severity.ERROR), e);
        }
    }

    /**
     * Loads and validates YAML from {@code yaml}; {@code name} is how messages name the file (for example
     * {@code config/dev.yaml}).
     *
     * @throws ConfigException as {@link #load(Path)}
     */
    public static SluiceConfig load(String name, Reader yaml) {
        SluiceConfig config = bind(name, yaml);
        List<ConfigProblem> errors = ConfigValidator.validate(name, config).stream()
                .filter(ConfigProblem::isError)
                .toList();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    /** Parses, applies defaults and binds, without the static checks. */
    static SluiceConfig bind(String name, Reader yaml) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw translate(name, e);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(name, "", "the config cannot be read ("
                    + e.getClass().getSimpleName() + ")", "check the file", ConfigProblem.Severity.ERROR), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(problem(name, "", "the config file is empty",
                    "start from config/prod.example.yaml: it shows every key with its default"));
        }
        if (!tree.isObject()) {
            throw new ConfigException(problem(name, "", "the config must be a mapping of environment, sources, "
                    + "lake, warehouse, notifications and tables", "start from config/prod.example.yaml"));
        }
        List<ConfigProblem> empty = new ArrayList<>();
        emptyItems(name, tree, "", empty);
        if (!empty.isEmpty()) {
            throw new ConfigException(empty);
        }
        ConfigDefaults.apply(tree);
        try {
            return READER.readValue(tree);
        } catch (JsonProcessingException e) {
            throw translate(name, e);
        } catch (IOException e) {
            throw new ConfigException(problem(name, "", "the config cannot be bound", "check the file"), e);
        }
    }

    /**
     * Finds list items and {@code columns} entries left empty ({@code - } or {@code notes:} with nothing after):
     * the records hold immutable collections, which cannot hold a null, so these are reported here with their
     * exact path rather than as a failed constructor.
     */
    private static void emptyItems(String name, JsonNode node, String path, List<ConfigProblem> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = path + "[" + i + "]";
                if (node.get(i).isNull()) {
                    problems.add(problem(name, at, "the list item is empty",
                            "remove the empty '-' item or give it a value"));
                } else {
                    emptyItems(name, node.get(i), at, problems);
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isNull() && path.endsWith(".columns")) {
                    problems.add(problem(name, at, "column '" + field.getKey() + "' has no policy",
                            "write " + field.getKey() + ": {policy: acceptLossy, note: <why>} (or asString, "
                                    + "exclude), or remove the entry"));
                } else {
                    emptyItems(name, field.getValue(), at, problems);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Jackson's errors, told in the config's terms

    private static ConfigException translate(String name, JsonProcessingException e) {
        return new ConfigException(describe(name, e), e);
    }

    private static ConfigProblem describe(String name, JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            String path = path(mapping.getPath());
            if (e instanceof ConfigScalars.ScalarException scalar) {
                return problem(name, path, scalar.problem, scalar.fix);
            }
            if (e instanceof UnrecognizedPropertyException unknown) {
                return unknownKey(name, path, unknown);
            }
            if (e instanceof InvalidFormatException format) {
                return invalidValue(name, path, format);
            }
            if (e instanceof ValueInstantiationException instantiation) {
                Throwable cause = instantiation.getCause() == null ? instantiation : instantiation.getCause();
                String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                return problem(name, path, "the entry cannot be built (" + why + ")",
                        "correct the entry's values; compare with config/prod.example.yaml");
            }
            if (String.valueOf(mapping.getOriginalMessage()).startsWith("Trailing token")) {
                return problem(name, at(e.getLocation()), "the file holds more than one YAML document (a second "
                        + "one starts after ---)", "keep one config per file: config/<env>.yaml");
            }
            if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                return wrongType(name, path, mismatch);
            }
            if (mapping.getOriginalMessage() != null && mapping.getOriginalMessage().startsWith("Duplicate field")) {
                return duplicateKey(name, e);
            }
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return duplicateKey(name, e);
        }
        return malformed(name, e);
    }

    private static ConfigProblem duplicateKey(String name, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        String key = close > open ? message.substring(open + 1, close) : "a key";
        return problem(name, at(e.getLocation()), "'" + key + "' is given twice in the same mapping",
                "keep one '" + key + "' (YAML would silently keep only the last)");
    }

    private static ConfigProblem malformed(String name, JsonProcessingException e) {
        String what;
        String where = at(e.getLocation());
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException yaml) {
            // The problem text alone: snakeyaml's full message quotes the offending line, which may hold a secret.
            what = (yaml.getContext() == null ? "" : yaml.getContext() + ": ") + yaml.getProblem();
            if (yaml.getProblemMark() != null) {
                where = "line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                        + (yaml.getProblemMark().getColumn() + 1);
            }
        } else {
            what = e.getOriginalMessage();
            int newline = what == null ? -1 : what.indexOf('\n');
            what = newline < 0 ? what : what.substring(0, newline);
        }
        return problem(name, where, "not valid YAML (" + what + ")",
                "correct the YAML at that line: check indentation (spaces, not tabs), colons after keys and "
                        + "closing brackets and quotes");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ConfigProblem unknownKey(String name, String path, UnrecognizedPropertyException e) {
        String key = e.getPropertyName();
        List<String> accepted = accepted(e.getReferringClass(), e.getKnownPropertyIds());
        String owner = parentPath(path);
        String problem = "unknown key '" + key + "'" + (owner.isEmpty() ? "" : " in " + owner)
                + "; accepted keys: " + String.join(", ", accepted);
        Optional<String> close = closest(key, accepted);
        String fix = close.map(c -> "did you mean '" + c + "'? Rename it")
                .orElse("remove it or use one of the accepted keys");
        return problem(name, path, problem, fix);
    }

    private static List<String> accepted(Class<?> owner, Collection<Object> known) {
        if (owner != null && owner.isRecord()) {
            // record order reads like the documentation; Jackson's set is unordered
            List<String> names = new ArrayList<>();
            for (RecordComponent c : owner.getRecordComponents()) {
                names.add(c.getName());
            }
            return names;
        }
        return known == null ? List.of() : known.stream().map(String::valueOf).sorted().toList();
    }

    /** The accepted name closest to {@code key}: same letters ignoring case, or at most 2 edits away. */
    static Optional<String> closest(String key, List<String> accepted) {
        String k = key.toLowerCase(Locale.ROOT);
        return accepted.stream()
                .map(a -> Map.entry(a, distance(k, a.toLowerCase(Locale.ROOT).replace("_", ""))))
                .filter(e -> e.getValue() <= Math.max(1, Math.min(2, e.getKey().length() / 3)))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey)
                .or(() -> accepted.stream()
                        .filter(a -> a.equalsIgnoreCase(key.replace("_", "").replace("-", "")))
                        .findFirst());
    }

    /** Edits (insert, delete, substitute, swap two neighbours) that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static ConfigProblem invalidValue(String name, String path, InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        String value = String.valueOf(e.getValue());
        if (target != null && target.isEnum()) {
            List<String> allowed = enumNames(target);
            Optional<String> close = closest(value, allowed);
            return problem(name, path, "'" + value + "' is not one of " + String.join(", ", allowed),
                    close.map(c -> "did you mean '" + c + "'? Use one of " + String.join(", ", allowed))
                            .orElse("use one of " + String.join(", ", allowed)));
        }
        return problem(name, path, "'" + value + "' is not " + typeName(target),
                "write " + typeName(target) + example(target));
    }

    private static ConfigProblem wrongType(String name, String path, MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        String found = "a different kind of value";
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.contains("from Array value") || original.contains("START_ARRAY")) {
            found = "a list";
        } else if (original.contains("from Object value") || original.contains("START_OBJECT")) {
            found = "a mapping";
        } else if (original.contains("from String value") || original.contains("VALUE_STRING")) {
            found = "text";
        } else if (original.contains("Integer value") || original.contains("Floating-point value")
                || original.contains("VALUE_NUMBER")) {
            found = "a number";
        } else if (original.contains("Boolean value") || original.contains("VALUE_TRUE")
                || original.contains("VALUE_FALSE")) {
            found = "a boolean";
        } else if (original.contains("null")) {
            found = "an empty value";
        }
        return problem(name, path, "expected " + typeName(target) + " but found " + found,
                "write " + typeName(target) + example(target));
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Duration.class) {
            return "a duration";
        }
        if (type == LocalTime.class) {
            return "a time of day";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", enumNames(type));
        }
        if (type.isRecord()) {
            return "a mapping with keys " + String.join(", ", accepted(type, null));
        }
        return "a " + type.getSimpleName();
    }

    private static String example(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return ", e.g. [order_id] or one '- item' per line";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return ", e.g. 4 (no quotes, no decimals)";
        }
        if (type == Duration.class) {
            return ", e.g. 30s, 5m, 2h or PT5M";
        }
        return "";
    }

    /** The YAML names of an enum's constants (their {@code @JsonProperty} values), in declaration order. */
    static List<String> enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (field.isEnumConstant()) {
                var property = field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                names.add(property != null ? property.value() : field.getName());
            }
        }
        return names;
    }

    /** {@code tables[2].watermark.column} from Jackson's reference chain. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String parentPath(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static ConfigProblem problem(String name, String path, String problem, String fix) {
        return new ConfigProblem(name, path, problem, fix, ConfigProblem.Severity.ERROR);
    }
}
