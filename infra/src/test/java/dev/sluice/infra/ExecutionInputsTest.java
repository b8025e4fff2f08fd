package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.source.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The execution inputs in events/ (STYLE.md: canonical payloads): every file is a valid RunRequest by the JSON Schema
 * and by the Java record the handlers bind it to; every scheduled table of every environment has its schedule input
 * where the CDK app looks for it, and nothing else lies there; the manual examples run windows of configured tables
 * typed like their watermarks; and invalid inputs are rejected with a message naming the field.
 */
class ExecutionInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLES = "examples";

    private static RunRequestSchema schema;
    /** Environment name to its config file: cdk.json's environments, then any other config/*.yaml by its name. */
    private static Map<String, Path> environments;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        schema = new RunRequestSchema();
        Map<String, Object> cdkJson = JSON.readValue(RepositoryFiles.ROOT.resolve("cdk.json").toFile(), Map.class);
        Map<String, String> deployed = (Map<String, String>) ((Map<String, Object>) cdkJson.get("context"))
                .get(DeploymentSelection.ENVIRONMENTS);
        environments = new TreeMap<>();
        deployed.forEach((env, file) -> environments.put(env, RepositoryFiles.ROOT.resolve(file).normalize()));
        try (Stream<Path> files = Files.list(RepositoryFiles.ROOT.resolve("config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!environments.containsValue(file.normalize())) {
                    environments.put(SluiceConfigReader.read(file).environment().name(), file.normalize());
                }
            }
        }
    }

    private static List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every execution input in events/ (schedule inputs of each environment and the examples). */
    private static List<Path> executionInputs() {
        try (Stream<Path> files = Files.walk(RepositoryFiles.EVENTS)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.equals(RepositoryFiles.RUN_REQUEST_SCHEMA))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunRequest bind(String json) throws IOException {
        return JSON.readValue(json, RunRequest.class);
    }

    @Test
    void everyInputIsAValidRunRequestForTheSchemaAndForJackson() throws IOException {
        List<Path> inputs = executionInputs();
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(environments.size() + 2);
        for (Path file : inputs) {
            String text = RepositoryFiles.text(file);
            assertThat(schema.problems(text)).as(RepositoryFiles.ROOT.relativize(file).toString()).isEmpty();
            RunRequest request = bind(text);
            assertThat(JSON.readTree(JSON.writeValueAsString(request))).as("round trip of " + file.getFileName())
                    .isEqualTo(JSON.readTree(text));
        }
    }

    @Test
    void everyEnvironmentHasExactlyTheScheduleInputsOfItsScheduledTables() throws IOException {
        assertThat(environments).containsKeys("dev", "prod", "demo");
        Set<String> directories = new TreeSet<>();
        try (Stream<Path> entries = Files.list(RepositoryFiles.EVENTS)) {
            entries.filter(Files::isDirectory).forEach(d -> directories.add(d.getFileName().toString()));
        }
        assertThat(directories).as("events/ holds one directory per environment, plus examples")
                .containsExactlyInAnyOrderElementsOf(concat(environments.keySet(), EXAMPLES));

        for (Map.Entry<String, Path> env : environments.entrySet()) {
            SluiceConfig config = SluiceConfigReader.read(env.getValue());
            Deployment deployment = new Deployment(env.getKey(), env.getValue(), config,
                    RepositoryFiles.ROOT.resolve(DeploymentSelection.DEFAULT_LAMBDA_JAR),
                    RepositoryFiles.MIGRATE_TABLE_ASL, RepositoryFiles.EVENTS, false);
            Map<Path, TableConfig> expected = new LinkedHashMap<>();
            for (TableConfig table : config.tables()) {
                if (table.schedule() != null) {
                    expected.put(deployment.scheduleInput(table), table);
                }
            }
            assertThat(expected).as(env.getKey() + " schedules tables").isNotEmpty();
            assertThat(jsonFiles(RepositoryFiles.EVENTS.resolve(env.getKey())))
                    .as("events/" + env.getKey() + " = the scheduled tables of " + env.getValue().getFileName())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<Path, TableConfig> e : expected.entrySet()) {
                RunRequest request = bind(RepositoryFiles.text(e.getKey()));
                assertThat(request).as(e.getKey().toString())
                        .isEqualTo(new RunRequest(e.getValue().source(), e.getValue().table(), RunRequest.Mode.AUTO,
                                null, null, null));
                assertThat(JSON.readTree(e.getKey().toFile()).get("mode").asText())
                        .as("schedules send mode auto explicitly").isEqualTo("auto");
            }
        }
    }

    private static Set<String> concat(Set<String> names, String extra) {
        Set<String> all = new TreeSet<>(names);
        all.add(extra);
        return all;
    }

    @Test
    void examplesRunWindowsOfConfiguredTablesTypedLikeTheirWatermark() throws IOException {
        List<Path> examples = jsonFiles(RepositoryFiles.EVENTS.resolve(EXAMPLES));
        assertThat(examples.stream().map(p -> p.getFileName().toString()))
                .contains("rerun-window.json", "backfill-date-range.json");
        for (Path file : examples) {
            RunRequest request = bind(RepositoryFiles.text(file));
            assertThat(request.mode()).as(file.getFileName().toString()).isEqualTo(RunRequest.Mode.WINDOW);
            assertThat(request.reason()).as(file.getFileName() + " says why").isNotBlank();
            TableConfig table = configuredTable(request.source(), request.table())
                    .orElseThrow(() -> new AssertionError(file.getFileName() + " runs " + request.source() + "."
                            + request.table() + ", which no config/*.yaml has"));
            Set<String> boundTypes = switch (table.watermark().type()) {
                case TIMESTAMP -> Set.of(KeyValue.TIMESTAMP, KeyValue.TIMESTAMPTZ, KeyValue.DATE);
                case ROWVERSION -> Set.of(KeyValue.ROWVERSION);
                case KEY -> Set.of(KeyValue.BIGINT, KeyValue.DECIMAL);
                case CHANGE_TRACKING, FULL -> Set.of();
            };
            assertThat(boundTypes).as(file.getFileName() + ": a " + table.watermark().type() + " watermark")
                    .contains(request.from().type(), request.to().type());
            assertThat(request.from().compareTo(request.to())).as(file.getFileName() + ": from before to").isNegative();
        }
    }

    private static Optional<TableConfig> configuredTable(String source, String table) {
        return environments.values().stream()
                .flatMap(file -> SluiceConfigReader.read(file).tables().stream())
                .filter(t -> t.source().equals(source) && t.table().equals(table))
                .findFirst();
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                Arguments.of("window without to",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"window\","
                                + " \"from\": {\"type\": \"timestamp\", \"value\": \"2026-01-01T00:00:00\"}}",
                        "required property 'to'", true),
                Arguments.of("bounds outside mode window",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"auto\","
                                + " \"from\": {\"type\": \"timestamp\", \"value\": \"2026-01-01T00:00:00\"}}",
                        "/from", true),
                Arguments.of("unknown mode",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"rerun\"}", "/mode", true),
                Arguments.of("untyped bound",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"window\","
                                + " \"from\": \"2026-01-01\", \"to\": \"2026-02-01\"}", "/from", true),
                Arguments.of("timestamp that is not ISO",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"window\","
                                + " \"from\": {\"type\": \"timestamp\", \"value\": \"01/01/2026\"},"
                                + " \"to\": {\"type\": \"timestamp\", \"value\": \"2026-02-01T00:00:00\"}}",
                        "/from/value", true),
                Arguments.of("unknown bound type",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"window\","
                                + " \"from\": {\"type\": \"datetime\", \"value\": \"2026-01-01T00:00:00\"},"
                                + " \"to\": {\"type\": \"datetime\", \"value\": \"2026-02-01T00:00:00\"}}",
                        "/from/type", true),
                Arguments.of("table without schema",
                        "{\"source\": \"sales\", \"table\": \"Invoices\"}", "/table", false),
                Arguments.of("misspelt field (Jackson ignores it, the schema does not)",
                        "{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"auto\", \"reson\": \"x\"}",
                        "reson", false),
                Arguments.of("no source",
                        "{\"table\": \"dbo.Invoices\"}", "required property 'source'", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void invalidInputsAreRejectedNamingTheField(String name, String json, String named, boolean jacksonRejects) {
        List<String> problems = schema.problems(json);
        assertThat(problems).as(name).isNotEmpty();
        assertThat(String.join("\n", problems)).as(name).contains(named);
        if (jacksonRejects) {
            assertThatThrownBy(() -> bind(json)).as(name).isInstanceOf(IOException.class);
        }
    }

    @Test
    void jacksonRejectsAWindowWithoutBoundsSayingWhatToAdd() {
        assertThatThrownBy(() -> bind("{\"source\": \"sales\", \"table\": \"dbo.Invoices\", \"mode\": \"window\"}"))
                .hasMessageContaining("sales.dbo.Invoices in mode window needs both \"from\" and \"to\"");
    }

    @Test
    void schemaModesAndBoundTypesAreThoseOfTheJavaTypes() {
        var properties = RepositoryFiles.json(RepositoryFiles.RUN_REQUEST_SCHEMA).get("properties");
        Set<String> modes = new TreeSet<>();
        properties.get("mode").get("enum").forEach(n -> modes.add(n.asText()));
        Set<String> javaModes = new TreeSet<>();
        for (RunRequest.Mode m : RunRequest.Mode.values()) {
            javaModes.add(JSON.valueToTree(m).asText());
        }
        assertThat(modes).isEqualTo(javaModes);

        Set<String> types = new TreeSet<>();
        RepositoryFiles.json(RepositoryFiles.RUN_REQUEST_SCHEMA).at("/$defs/KeyValue/properties/type/enum")
                .forEach(n -> types.add(n.asText()));
        assertThat(types).containsExactlyInAnyOrder(KeyValue.BIGINT, KeyValue.DECIMAL, KeyValue.STRING,
                KeyValue.TIMESTAMP, KeyValue.TIMESTAMPTZ, KeyValue.DATE, KeyValue.TIME, KeyValue.UUID_TYPE,
                KeyValue.BINARY, KeyValue.BOOLEAN, KeyValue.ROWVERSION);
        // each accepted by KeyValue with a canonical sample the schema also accepts
        Map<String, String> samples = Map.ofEntries(Map.entry("bigint", "-42"), Map.entry("decimal", "12.50"),
                Map.entry("string", "A-17"), Map.entry("timestamp", "2026-01-01T00:00:00.123"),
                Map.entry("timestamptz", "2026-01-01T00:00:00Z"), Map.entry("date", "2026-01-31"),
                Map.entry("time", "23:59:59"), Map.entry("uuid", "0b5e8f7a-3c1d-4e2f-9a8b-7c6d5e4f3a2b"),
                Map.entry("binary", "00ff10"), Map.entry("boolean", "true"), Map.entry("rowversion", "18446744073709551615"));
        assertThat(samples.keySet()).isEqualTo(types);
        samples.forEach((type, value) -> {
            new KeyValue(type, value);
            String json = "{\"source\": \"s\", \"table\": \"a.b\", \"mode\": \"window\", \"from\": {\"type\": \"" + type
                    + "\", \"value\": \"" + value + "\"}, \"to\": {\"type\": \"" + type + "\", \"value\": \"" + value + "\"}}";
            assertThat(schema.problems(json)).as(type + " " + value).isEmpty();
        });
    }
}
