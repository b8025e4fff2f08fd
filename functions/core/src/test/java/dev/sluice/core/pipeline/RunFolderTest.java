package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.ColumnDescriptor;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.watermark.WatermarkWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFolderTest {

    private static final TableRef ORDERS = TableRef.parse("sales.orders");
    private final InMemoryObjectStore lake = new InMemoryObjectStore();
    private final LakeLayout layout = new LakeLayout("lake", "raw", "_sluice");
    private final RunFolder folder = new RunFolder(lake, layout);

    private static PlannedRun planned(String runId, long rowEstimate) {
        KeyValue low = KeyValue.ofTimestamp(LocalDateTime.parse("2026-01-01T00:00:00"));
        KeyValue high = KeyValue.ofTimestamp(LocalDateTime.parse("2026-02-01T00:00:00"));
        WatermarkWindow window = new WatermarkWindow(WatermarkConfig.Type.TIMESTAMP, "updated_at", low, high, null,
                KeyValue.ofTimestamp(LocalDateTime.parse("2026-11-22T04:00:00.123456")), false, false,
                "explicit window", List.of());
        Chunk chunk = new Chunk(0, "c0-0123456789ab", Chunk.Kind.RANGE,
                KeyRange.between("updated_at", low, high), 1200);
        ChunkPlan plan = new ChunkPlan(ChunkPlan.FORMAT_VERSION, "demo", "sales.orders", runId, "timestamp-window",
                window, "fp1", IsolationLevel.READ_COMMITTED, List.of("updated_at"), rowEstimate, 64_000, 100_000,
                "sample", false, List.of(), List.of(chunk));
        PlannedSchema schema = new PlannedSchema("fp1", List.of(new ColumnDescriptor("id", "int8", false),
                new ColumnDescriptor("updated_at", "timestamp", false)));
        return new PlannedRun(PlannedRun.FORMAT_VERSION, RunRequest.Mode.WINDOW, "rerun January", LocalDate.parse(
                "2026-11-22"), Instant.parse("2026-11-22T04:00:00.123456Z"), "\"etag-1\"", schema, plan);
    }

    @Test
    void thePlanIsStoredWithEverythingLaterStepsNeedAndReadsBackEqual() {
        PlannedRun run = planned("r20260201-0123456789ab", 1200);

        folder.writePlan(run);

        String key = layout.plan("demo", ORDERS, "r20260201-0123456789ab");
        JsonNode stored = LakeJson.tree(key, lake.get(key).orElseThrow().bytes());
        List<String> fields = new ArrayList<>();
        stored.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("formatVersion", "requestMode", "reason", "ingestDate", "extractedAt",
                "watermarkEtag", "schema", "plan");
        assertThat(stored.get("requestMode").asText()).isEqualTo("window");
        assertThat(stored.get("ingestDate").asText()).isEqualTo("2026-11-22");
        assertThat(stored.get("extractedAt").asText()).isEqualTo("2026-11-22T04:00:00.123456Z");
        assertThat(stored.get("plan").get("window").get("upperInclusive").get("value").asText())
                .isEqualTo("2026-02-01T00:00");
        assertThat(folder.findPlan("demo", ORDERS, "r20260201-0123456789ab")).contains(run);
        assertThat(run.movesWatermark()).isFalse();
    }

    @Test
    void aRunIdPlannedAgainKeepsTheStoredPlan() {
        PlannedRun first = planned("r20260201-0123456789ab", 1200);
        folder.writePlan(first);
        byte[] bytes = lake.get(layout.plan("demo", ORDERS, "r20260201-0123456789ab")).orElseThrow().bytes();

        PlannedRun again = folder.writePlan(planned("r20260201-0123456789ab", 5000));

        assertThat(again).isEqualTo(first);
        assertThat(lake.get(layout.plan("demo", ORDERS, "r20260201-0123456789ab")).orElseThrow().bytes())
                .isEqualTo(bytes);
    }

    @Test
    void theItemListIsWrittenOnceAndADifferentListConflicts() {
        List<ChunkItem> two = List.of(new ChunkItem(0), new ChunkItem(1));
        String key = folder.writeItems("demo", ORDERS, "r1", two);

        assertThat(new String(lake.get(key).orElseThrow().bytes(), StandardCharsets.UTF_8))
                .isEqualTo("[{\"chunkIndex\":0},{\"chunkIndex\":1}]");
        assertThat(folder.writeItems("demo", ORDERS, "r1", two)).isEqualTo(key);
        assertThatThrownBy(() -> folder.writeItems("demo", ORDERS, "r1", List.of(new ChunkItem(0))))
                .isInstanceOf(ManifestConflictException.class).hasMessageContaining(key);
    }

    @Test
    void aRunWithoutAPlanNamesTheKeyAndBucketToCheck() {
        RunRef run = new RunRef("demo", "sales.orders", "r1", "exec");

        assertThatThrownBy(() -> folder.plan(run))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("_sluice/runs/demo/sales.orders/r1/plan.json")
                .hasMessageContaining("bucket lake").hasMessageContaining("lake.bucket");
    }

    @Test
    void validationAndLoadAreReadFromTheRunFolder() {
        assertThat(folder.validationPassed("demo", ORDERS, "r1")).isEmpty();
        assertThat(folder.loaded("demo", ORDERS, "r1")).isFalse();
        lake.putIfAbsent(layout.validationReport("demo", ORDERS, "r1"),
                "{\"table\":\"sales.orders\",\"runId\":\"r1\",\"passed\":false,\"chunks\":[]}".getBytes(
                        StandardCharsets.UTF_8), "application/json");
        lake.putIfAbsent(layout.validationReport("demo", ORDERS, "r2"),
                "{\"passed\":true}".getBytes(StandardCharsets.UTF_8), "application/json");
        lake.putIfAbsent(layout.loadReport("demo", ORDERS, "r2"), "{}".getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThat(folder.validationPassed("demo", ORDERS, "r1")).contains(false);
        assertThat(folder.validationPassed("demo", ORDERS, "r2")).contains(true);
        assertThat(folder.loaded("demo", ORDERS, "r2")).isTrue();
    }
}
