package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.core.config.ConfigProblem;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.SourceIndex;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.types.TypeFidelityReport;
import dev.sluice.core.watermark.WatermarkWindow;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code sluice plan --json}: one JSON document with, per table, the inventory, the type-fidelity report, the chunk
 * plan summary (with every chunk's range) and the next watermark window, then a summary and the time and cost
 * estimate of the whole migration ({@link PlanEstimate}). Field names are part of
 * the CLI's interface: scripts read them.
 */
@JsonPropertyOrder({"sluiceVersion", "config", "environment", "configWarnings", "tables", "summary", "estimate"})
record PlanDocument(String sluiceVersion, String config, String environment,
                    List<String> configWarnings, List<TableEntry> tables, Summary summary, PlanEstimate estimate) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** @param configWarnings the config's own warnings (risky choices stated on purpose), one line each */
    static PlanDocument of(String version, String config, String environment,
                           List<ConfigProblem> configWarnings, List<TablePlan> plans, PlanEstimate estimate) {
        List<TableEntry> tables = plans.stream().map(TableEntry::of).toList();
        return new PlanDocument(version, config, environment,
                configWarnings.stream().map(ConfigProblem::describe).toList(), tables, new Summary(
                tables.size(),
                (int) tables.stream().filter(TableEntry::runnable).count(),
                (int) tables.stream().filter(t -> !t.runnable()).count(),
                tables.stream().mapToInt(t -> t.chunkPlan().chunks()).sum(),
                tables.stream().mapToLong(t -> t.chunkPlan().estimatedRows()).sum()), estimate);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonPropertyOrder({"table", "configIndex", "source", "sourceLocation", "engine", "runnable", "inventory",
            "typeFidelity", "configWarnings", "chunkPlan", "watermark"})
    record TableEntry(String table, int configIndex, String source, String sourceLocation, String engine,
                      boolean runnable, Inventory inventory, TypeFidelity typeFidelity, List<String> configWarnings,
                      ChunkPlanSummary chunkPlan, WatermarkWindow watermark) {

        static TableEntry of(TablePlan plan) {
            TypeFidelityReport report = plan.typeFidelity();
            return new TableEntry(plan.table().table(), plan.index(), plan.sourceName(), plan.sourceLocation(),
                    report.engine().name().toLowerCase(java.util.Locale.ROOT), plan.runnable(),
                    Inventory.of(plan.described()),
                    new TypeFidelity(report.runnable(), report.mappingVersion(), report.rows(), report.blocking(),
                            report.warnings()),
                    plan.configWarnings().stream().map(ConfigProblem::describe).toList(),
                    ChunkPlanSummary.of(plan.chunkPlan()), plan.chunkPlan().window());
        }
    }

    /** The table as the source's catalog describes it; estimates come from its statistics. */
    record Inventory(long rowEstimate, long bytesEstimate, long averageRowBytes, List<String> primaryKey,
                     List<SourceIndex> indexes, int columns) {

        static Inventory of(SourceTable t) {
            return new Inventory(t.rowEstimate(), t.bytesEstimate(), t.averageRowBytes(), t.primaryKey(),
                    t.indexes(), t.columns().size());
        }
    }

    record TypeFidelity(boolean runnable, int mappingVersion, List<TypeFidelityReport.Row> columns,
                        List<TypeFidelityReport.Blocking> blocking, List<String> warnings) {
    }

    /**
     * The chunk plan of the next run. Row figures are the planner's estimates over the range chunks (the chunk
     * of NULL keys and change-tracking reads have none).
     */
    @JsonPropertyOrder({"runId", "mode", "splitColumns", "boundaryMethod", "rowsPerChunkLimit", "chunks",
            "rowsPerChunk", "estimatedRows", "firstRange", "lastRange", "nothingNew", "warnings", "ranges"})
    record ChunkPlanSummary(String runId, String mode, List<String> splitColumns, String boundaryMethod,
                            long rowsPerChunkLimit, int chunks, RowsPerChunk rowsPerChunk, long estimatedRows,
                            KeyRange firstRange, KeyRange lastRange, boolean nothingNew, List<String> warnings,
                            List<Chunk> ranges) {

        static ChunkPlanSummary of(ChunkPlan plan) {
            List<Chunk> chunks = plan.chunks();
            List<Long> sized = chunks.stream().map(Chunk::estimatedRows).filter(r -> r >= 0).toList();
            RowsPerChunk rows = sized.isEmpty() ? new RowsPerChunk(0, 0, 0) : new RowsPerChunk(
                    sized.stream().mapToLong(Long::longValue).min().orElse(0),
                    Math.round(sized.stream().mapToLong(Long::longValue).average().orElse(0)),
                    sized.stream().mapToLong(Long::longValue).max().orElse(0));
            return new ChunkPlanSummary(plan.runId(), plan.mode(), plan.splitColumns(), plan.boundaryMethod(),
                    plan.rowsPerChunk(), chunks.size(), rows, sized.stream().mapToLong(Long::longValue).sum(),
                    chunks.isEmpty() ? null : chunks.getFirst().range(),
                    chunks.isEmpty() ? null : chunks.getLast().range(), plan.nothingNew(), plan.warnings(), chunks);
        }
    }

    record RowsPerChunk(long min, long avg, long max) {
    }

    record Summary(int tables, int runnable, int blocked, int chunks, long estimatedRows) {
    }
}
