package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.plan.ChunkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The estimate part of {@code sluice plan}: per table, the sample chunk it was measured on and the
 * {@link MigrationEstimate} of migrating the table whole; then the whole migration (tables one after another).
 * Tables that cannot be sampled (blocked by type fidelity) are listed with the reason and left out of the total.
 */
@JsonPropertyOrder({"assumptions", "tables", "total", "notEstimated"})
record PlanEstimate(Assumptions assumptions, List<TableEstimate> tables, MigrationEstimate.Figures total,
                    List<String> notEstimated) {

    /** What the figures assume; {@code streams} is null when each table uses its source's readBudget. */
    @JsonPropertyOrder({"bandwidth", "bandwidthBytesPerSecond", "streams", "sampleRows", "lambdaMemoryMb",
            "tablesRunInSequence", "prices"})
    record Assumptions(String bandwidth, double bandwidthBytesPerSecond, Integer streams, int sampleRows,
                       int lambdaMemoryMb, boolean tablesRunInSequence, UnitPrices prices) {
    }

    /** One table: its sample and figures, or why it has none ({@code skipped}). */
    @JsonPropertyOrder({"table", "skipped", "sample", "estimate"})
    record TableEstimate(String table, String skipped, SampleChunk sample, MigrationEstimate.Figures estimate) {
    }

    /** The options of {@code sluice plan} that shape the estimate, validated. */
    record Options(Bandwidth bandwidth, Integer streams, int sampleRows, int lambdaMemoryMb) {
    }

    /**
     * The estimate of one planned table from its sample.
     *
     * @param streams concurrent ExtractChunk functions (the option, or the source's readBudget)
     */
    static TableEstimate of(TablePlan plan, SampleChunk sample, int streams, Options options, UnitPrices prices) {
        long rows = plan.described().rowEstimate() >= 0 ? plan.described().rowEstimate()
                : plan.chunkPlan().estimatedRows();
        if (sample.rows() == 0 && rows > 0) {
            return new TableEstimate(plan.table().table(), "the sample chunk read no rows although the source "
                    + "estimates " + rows + ": refresh the table's statistics (ANALYZE / UPDATE STATISTICS)", sample,
                    null);
        }
        MigrationEstimate.Inputs inputs = new MigrationEstimate.Inputs(rows,
                Math.max(0, plan.described().bytesEstimate()), wholeTableChunks(plan.chunkPlan(), rows),
                sample.compressionRatio(), sample.rowsPerSecond(), streams, options.bandwidth().bytesPerSecond(),
                options.lambdaMemoryMb());
        return new TableEstimate(plan.table().table(), null, sample, MigrationEstimate.of(inputs, prices));
    }

    /**
     * Chunks of the table's backfill: the plan's own count when the next run is the backfill, else the rows over
     * the plan's rows-per-chunk limit.
     */
    static int wholeTableChunks(ChunkPlan plan, long rows) {
        if (plan.window() != null && plan.window().backfill() && !plan.nothingNew()) {
            return plan.chunks().size();
        }
        return (int) Math.max(1, (rows + plan.rowsPerChunk() - 1) / Math.max(1, plan.rowsPerChunk()));
    }

    static PlanEstimate of(Assumptions assumptions, List<TableEstimate> tables) {
        List<MigrationEstimate.Figures> estimated = new ArrayList<>();
        List<String> notEstimated = new ArrayList<>();
        for (TableEstimate t : tables) {
            if (t.estimate() == null) {
                notEstimated.add(t.table() + ": " + t.skipped());
            } else {
                estimated.add(t.estimate());
            }
        }
        return new PlanEstimate(assumptions, tables, MigrationEstimate.total(estimated), notEstimated);
    }
}
