package dev.sluice.lambda.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.lambda.aws.AwsPipeline;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LocalStack tier's deployment, checked without Docker: the config it packages is valid, every deployed
 * function wires from the environment it is given, and the real ASL takes its substitutions with nothing left over.
 */
class LocalStackDeploymentTest {

    private static final LocalStackDeployment DEPLOYMENT = new LocalStackDeployment("localstack", "sluice-ls-lake",
            "arn:aws:sns:us-east-1:000000000000:sluice-localstack-alerts",
            "jdbc:postgresql://source-db:5432/sluice",
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:sluice/localstack/demo-AbCdEf",
            URI.create("http://localstack:4566"));

    @TempDir
    Path dir;

    @Test
    void theConfigIsValidAndNamesTheSourceSecretLakeTopicAndTable() {
        SluiceConfig config = ConfigLoader.load("localstack.yaml", new StringReader(DEPLOYMENT.configYaml()));

        assertThat(config.environment().name()).isEqualTo("localstack");
        assertThat(config.sources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("demo");
            assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://source-db:5432/sluice");
            assertThat(s.credentials().secretArn()).isEqualTo(DEPLOYMENT.sourceSecretArn());
        });
        assertThat(config.lake().bucket()).isEqualTo("sluice-ls-lake");
        assertThat(config.notifications().topicArn()).isEqualTo(DEPLOYMENT.topicArn());
        TableConfig table = config.tables().get(0);
        assertThat(table.source() + "." + table.table()).isEqualTo("demo.sales.orders");
        assertThat(table.chunk().maxRows()).isEqualTo(1000);
    }

    @Test
    void everyDeployedFunctionWiresFromItsEnvironment() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), DEPLOYMENT.configYaml());

        for (StepName step : LocalStackDeployment.FUNCTIONS) {
            Map<String, String> env = new HashMap<>(DEPLOYMENT.functionEnvironment(step));
            assertThat(env).containsEntry(AwsPipeline.CONFIG_FILE, "/var/task/config.yaml")
                    .containsEntry("SLUICE_S3_ENDPOINT", "http://localstack:4566")
                    .containsEntry("SLUICE_SNS_ENDPOINT", "http://localstack:4566")
                    .containsEntry("SLUICE_SECRETSMANAGER_ENDPOINT", "http://localstack:4566");
            env.put(AwsPipeline.CONFIG_FILE, config.toString());
            env.put("AWS_REGION", "us-east-1"); // Lambda sets it
            try (AwsPipeline pipeline = AwsPipeline.fromEnvironment(step, env)) {
                assertThat(pipeline.context().layout().bucket()).as(step.id()).isEqualTo("sluice-ls-lake");
            }
        }
        assertThat(DEPLOYMENT.functionEnvironment(StepName.NOTIFY)).containsEntry(AwsPipeline.TOPIC_ARN,
                DEPLOYMENT.topicArn());
        assertThat(LocalStackDeployment.handler(StepName.EXTRACT_CHUNK))
                .isEqualTo("dev.sluice.lambda.handler.ExtractChunkHandler::handleRequest");
        for (StepName step : StepName.values()) {
            String handlerClass = LocalStackDeployment.handler(step).replace("::handleRequest", "");
            assertThat(Files.exists(Path.of("target/classes", handlerClass.replace('.', '/') + ".class")))
                    .as("handler class of " + step.id()).isTrue();
        }
    }

    @Test
    void theRealAslTakesFunctionsForTheDeployedStepsAndActivitiesForTheOthers() throws IOException {
        Path asl = AslDefinition.file("migrate-table");
        Map<StepName, String> functions = new HashMap<>();
        Map<StepName, String> activities = new HashMap<>();
        for (StepName step : StepName.values()) {
            functions.put(step, "arn:aws:lambda:us-east-1:000000000000:function:" + DEPLOYMENT.functionName(step));
            activities.put(step, "arn:aws:states:us-east-1:000000000000:activity:sluice-localstack-" + step.id());
        }

        String text = AslDefinition.substitute(asl, LocalStackDeployment.substitutions(
                LocalStackDeployment.resources(functions, activities)));

        assertThat(AslDefinition.placeholders(Files.readString(asl))).allMatch(p -> p.endsWith("FunctionArn"));
        assertThat(AslDefinition.placeholders(text)).isEmpty();
        Map<String, String> resources = resources(new ObjectMapper().readTree(text));
        assertThat(resources.get("Plan")).isEqualTo(functions.get(StepName.PLAN));
        assertThat(resources.get("ExtractChunk")).isEqualTo(functions.get(StepName.EXTRACT_CHUNK));
        assertThat(resources.get("NotifyFailure")).isEqualTo(functions.get(StepName.NOTIFY));
        assertThat(resources.get("StartCrawler")).isEqualTo(activities.get(StepName.START_CRAWLER));
        assertThat(resources.get("CheckValidation")).isEqualTo(activities.get(StepName.CHECK_VALIDATION));
        assertThat(resources.get("StartLoad")).isEqualTo(activities.get(StepName.START_LOAD));
        assertThat(resources.values()).allMatch(r -> r.contains(":function:sluice-localstack-")
                || r.contains(":activity:sluice-localstack-") || r.startsWith("arn:aws:states:::"));
    }

    @Test
    void aPlaceholderWithoutAValueIsNamed() throws IOException {
        Path asl = Files.writeString(dir.resolve("m.asl.json"),
                "{\"a\": \"${PlanFunctionArn}\", \"b\": \"${NotifyFunctionArn}\", \"c\": \"${GlueDatabase}\"}");

        assertThatThrownBy(() -> AslDefinition.substitute(asl, Map.of("PlanFunctionArn", "arn:\"q\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[GlueDatabase, NotifyFunctionArn]");
        assertThat(AslDefinition.substitute(asl, Map.of("PlanFunctionArn", "arn:\"q\"", "NotifyFunctionArn", "n",
                "GlueDatabase", "g"))).isEqualTo("{\"a\": \"arn:\\\"q\\\"\", \"b\": \"n\", \"c\": \"g\"}");
        assertThatThrownBy(() -> LocalStackDeployment.substitutions(Map.of(StepName.PLAN, "arn")))
                .hasMessageContaining("ExtractChunk");
    }

    @Test
    void theDeploymentPackageHoldsTheJarUnderLibAndTheConfigAtTheRoot() throws IOException {
        Path jar = Files.write(dir.resolve("sluice-lambda.jar"), new byte[] {1, 2, 3});

        List<String> entries = new ArrayList<>();
        String config = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(DEPLOYMENT.deploymentPackage(jar)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
                if (e.getName().equals("config.yaml")) {
                    config = new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(entries).containsExactly("lib/sluice-lambda.jar", "config.yaml");
        assertThat(config).isEqualTo(DEPLOYMENT.configYaml());
    }

    /** State name to Resource, for every Task state, nested Map iterators included. */
    private static Map<String, String> resources(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            JsonNode states = node.get("States");
            if (states != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> state = it.next();
                    if (state.getValue().hasNonNull("Resource")) {
                        out.put(state.getKey(), state.getValue().get("Resource").asText());
                    }
                }
            }
            node.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }
}
