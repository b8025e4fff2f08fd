package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step inputs and outputs have exactly the JSON shapes of docs/PIPELINE.md. */
class StepJsonContractTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final RunRef RUN = new RunRef("demo", "sales.orders", "r20261122-3fa1c2d9e0b4",
            "arn:aws:states:eu-west-1:1:execution:migrate-table:x");

    private static List<String> fields(Object value) {
        JsonNode tree = JSON.valueToTree(value);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void outputsCarryTheDocumentedFieldsInOrder() {
        assertThat(fields(new PlanResult(RUN, false, "p", "b", "i", 1, false, 4, List.of(new ChunkItem(0)))))
                .containsExactly("run", "nothingNew", "planKey", "bucket", "itemsKey", "chunkCount", "distributed",
                        "maxConcurrency", "items");
        assertThat(fields(new ExtractChunkResult("c", 1, 2, true)))
                .containsExactly("chunkId", "rows", "bytes", "extracted");
        assertThat(fields(new SealRunResult("k", 1, 2, 3))).containsExactly("runManifestKey", "chunks", "rows",
                "bytes");
        assertThat(fields(new CommitResult(true, "k"))).containsExactly("watermarkMoved", "ledgerKey");
        assertThat(fields(new NotifyResult(null, "ExtractChunk"))).containsExactly("messageId", "resumeAt");
        assertThat(fields(RUN)).containsExactly("source", "table", "runId", "executionId");
        assertThat(JSON.valueToTree(List.of(new ChunkItem(0), new ChunkItem(1))).toString())
                .isEqualTo("[{\"chunkIndex\":0},{\"chunkIndex\":1}]");
    }

    @Test
    void inputsBindFromTheStatesJsonIgnoringWhatTheStateAddsBesideThem() throws Exception {
        String run = JSON.writeValueAsString(RUN);
        PlanInput plan = JSON.readValue("{\"request\": {\"source\": \"demo\", \"table\": \"sales.orders\", \"mode\":"
                + " \"window\", \"from\": {\"type\": \"timestamp\", \"value\": \"2026-01-01T00:00:00\"}, \"to\":"
                + " {\"type\": \"timestamp\", \"value\": \"2026-02-01T00:00:00\"}, \"reason\": \"rerun\"},"
                + " \"executionId\": \"exec\"}", PlanInput.class);
        assertThat(plan.request().mode()).isEqualTo(RunRequest.Mode.WINDOW);
        assertThat(plan.request().to().value()).isEqualTo("2026-02-01T00:00:00");
        assertThat(plan.executionId()).isEqualTo("exec");

        ExtractChunkInput chunk = JSON.readValue("{\"run\": " + run + ", \"chunkIndex\": 7}", ExtractChunkInput.class);
        assertThat(chunk.run()).isEqualTo(RUN);
        assertThat(chunk.chunkIndex()).isEqualTo(7);
        assertThat(JSON.readValue("{\"run\": " + run + ", \"seal\": {}}", RunInput.class).run()).isEqualTo(RUN);

        NotifyInput failed = JSON.readValue("{\"outcome\": \"FAILED\", \"executionId\": \"exec\", \"redriveCount\": 1,"
                + " \"state\": {\"source\": \"demo\", \"failedStep\": {\"step\": \"Plan\", \"redriveCount\": 0}}}",
                NotifyInput.class);
        assertThat(failed.run()).isNull();
        assertThat(failed.redriveCount()).isEqualTo(1);
        assertThat(failed.state().get("failedStep").get("step").asText()).isEqualTo("Plan");
    }
}
