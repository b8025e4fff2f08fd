package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.plan.ChunkPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A planned run as the Plan step stores it in {@code plan.json}: the chunk plan and everything fixed when the run was
 * planned that later steps need (ExtractChunk the ingest date, the planned schema and the run's extraction instant;
 * Commit the request mode and the watermark ETag its If-Match commit must match). Written once; a run id planned
 * again (a redrive, or a new execution of the same window) adopts the stored one, so every attempt of a run writes
 * the same keys with the same bytes.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param requestMode   the execution's mode; {@code window} runs never move the watermark
 * @param reason        why a manual run was started (from the request), optional
 * @param ingestDate    the {@code ingest_date=} partition of the run's objects: the UTC date of {@code extractedAt}
 * @param extractedAt   the run's instant (the source clock at planning), stamped on every row
 * @param watermarkEtag the ETag of {@code watermark.json} read when the run was planned, null when none existed
 * @param schema        the table's columns and fingerprint at planning
 * @param plan          the chunk plan
 */
@JsonPropertyOrder({"formatVersion", "requestMode", "reason", "ingestDate", "extractedAt", "watermarkEtag", "schema",
        "plan"})
public record PlannedRun(int formatVersion, RunRequest.Mode requestMode, String reason, LocalDate ingestDate,
                         Instant extractedAt, String watermarkEtag, PlannedSchema schema, ChunkPlan plan) {

    public static final int FORMAT_VERSION = 1;

    public PlannedRun {
        Objects.requireNonNull(requestMode, "requestMode");
        Objects.requireNonNull(ingestDate, "ingestDate");
        Objects.requireNonNull(extractedAt, "extractedAt");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(plan, "plan");
    }

    /** Whether a successful run of this plan commits its window as the table's watermark. */
    public boolean movesWatermark() {
        return requestMode != RunRequest.Mode.WINDOW;
    }
}
