package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.pipeline.StepName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EMF documents Powertools writes for a chunk, read back from standard output (surefire sets
 * {@code AWS_EMF_ENVIRONMENT=Local}, and {@code POWERTOOLS_SERVICE_NAME} as Lambda has it).
 */
class PowertoolsStepMetricsTest {

    @Test
    void writesTheInfraMetricsWithTheTableDimensionOnlyInTheSluiceNamespace() throws Exception {
        List<StepMeasurement> measurements = StepMeasurement.of(StepName.EXTRACT_CHUNK,
                new StepKeys("erp", "dbo.Orders", "r-1", "3"), Duration.ofMillis(2500),
                new ObjectMapper().readTree("{\"chunkId\": \"c\", \"rows\": 1000, \"bytes\": 4096}"));

        List<JsonNode> documents = emf(() -> PowertoolsStepMetrics.fromEnvironment(
                Map.of("POWERTOOLS_METRICS_NAMESPACE", "Sluice")).publish(measurements));

        assertThat(documents).hasSize(2);
        JsonNode byTable = documents.stream()
                .filter(d -> d.has("RowsExtracted")).findFirst().orElseThrow();
        JsonNode directive = byTable.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Sluice");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Table\"]]");
        assertThat(byTable.path("Table").asText()).isEqualTo("erp.dbo.Orders");
        assertThat(byTable.path("RowsExtracted").asDouble()).isEqualTo(1000.0);
        assertThat(byTable.path("BytesExtracted").asDouble()).isEqualTo(4096.0);
        assertThat(byTable.path("ChunkDurationSeconds").asDouble()).isEqualTo(2.5);
        List<String> units = new ArrayList<>();
        directive.path("Metrics").forEach(m -> units.add(m.path("Name").asText() + "=" + m.path("Unit").asText()));
        assertThat(units).containsExactlyInAnyOrder("RowsExtracted=Count", "BytesExtracted=Bytes",
                "ChunkDurationSeconds=Seconds");

        JsonNode byStep = documents.stream().filter(d -> d.has("StepDurationSeconds")).findFirst().orElseThrow();
        assertThat(byStep.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
                .isEqualTo("[[\"Table\",\"Step\"]]");
        assertThat(byStep.path("Step").asText()).isEqualTo("ExtractChunk");
    }

    /** The EMF documents {@code action} writes to standard output. */
    private static List<JsonNode> emf(Runnable action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> documents = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                documents.add(json.readTree(line));
            }
        }
        return documents;
    }
}
