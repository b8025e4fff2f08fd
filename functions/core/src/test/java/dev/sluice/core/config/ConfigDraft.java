package dev.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A config under test: starts from {@link #MINIMAL} (valid, two sources, one table) and is changed with JSON
 * pointers before it is loaded as {@code config/test.yaml}.
 */
final class ConfigDraft {

    static final String FILE = "config/test.yaml";

    static final String MINIMAL = """
            environment:
              name: test
              region: eu-west-1
            sources:
              - name: erp
                engine: sqlserver
                jdbcUrl: jdbc:sqlserver://erp.internal:1433;databaseName=Sales
                credentials:
                  env: ERP_CREDENTIALS
              - name: billing
                engine: postgresql
                jdbcUrl: jdbc:postgresql://billing.internal:5432/billing
                credentials:
                  secretArn: arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing-reader-Ab12Cd
            lake:
              bucket: test-lake
            tables:
              - source: erp
                table: dbo.Orders
                primaryKey: [OrderID]
                watermark:
                  type: timestamp
                  column: UpdatedAt
            """;

    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode root;

    private ConfigDraft(ObjectNode root) {
        this.root = root;
    }

    static ConfigDraft minimal() {
        return of(MINIMAL);
    }

    static ConfigDraft of(String yaml) {
        try {
            return new ConfigDraft((ObjectNode) YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the value at {@code pointer} (e.g. {@code /tables/0/target/mode}), creating mappings on the way. */
    ConfigDraft set(String pointer, Object value) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = child(node, parts[i]);
            if (next == null || next.isMissingNode() || next.isNull()) {
                next = ((ObjectNode) node).putObject(parts[i]);
            }
            node = next;
        }
        JsonNode v = YAML.valueToTree(value);
        String last = parts[parts.length - 1];
        if (node instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (index == array.size()) {
                array.add(v);
            } else {
                array.set(index, v);
            }
        } else {
            ((ObjectNode) node).set(last, v);
        }
        return this;
    }

    /** Removes the value at {@code pointer}. */
    ConfigDraft remove(String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
        return this;
    }

    /** Appends a copy of table 0 as a new table entry. */
    ConfigDraft copyTable(int index) {
        ((ArrayNode) root.get("tables")).add(root.get("tables").get(index).deepCopy());
        return this;
    }

    private static JsonNode child(JsonNode node, String part) {
        return node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
    }

    String yaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    SluiceConfig load() {
        return load(yaml());
    }

    static SluiceConfig load(String yaml) {
        return ConfigLoader.load(FILE, new StringReader(yaml));
    }

    ConfigException reject() {
        return reject(yaml());
    }

    static ConfigException reject(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("config should be rejected:\n%s", yaml).isNotNull();
        assertThat(e.getMessage().lines()).allSatisfy(line -> assertThat(line).startsWith(FILE + ": "));
        return e;
    }

    /** The problem at {@code path} among {@code problems}; fails listing them all when there is none. */
    static ConfigProblem at(List<ConfigProblem> problems, String path) {
        return problems.stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " among:\n"
                        + String.join("\n", problems.stream().map(ConfigProblem::describe).toList())));
    }
}
