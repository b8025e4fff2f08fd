package dev.sluice.core.extract.chunk;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.KeyValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One Distributed Map item: which chunk of which run to extract, and everything fixed when the run was planned.
 *
 * @param source      the source's config
 * @param table       the table's config (column overrides, schema policy)
 * @param plan        the run's chunk plan
 * @param chunkIndex  the chunk's index in the plan
 * @param ingestDate  the run's ingest date (the {@code ingest_date=} partition of its objects)
 * @param schema      the schema the run was planned with; its fingerprint must be the plan's
 * @param extractedAt the run's extraction instant, written to every row's {@code _sluice_extracted_at}: fixed per run
 *                    (see {@link #runInstant(ChunkPlan)}) so a retried chunk writes byte-identical Parquet
 */
public record ChunkAssignment(SourceConfig source, TableConfig table, ChunkPlan plan, int chunkIndex,
                              LocalDate ingestDate, PlannedSchema schema, Instant extractedAt) {

    public ChunkAssignment {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(ingestDate, "ingestDate");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(extractedAt, "extractedAt");
        if (chunkIndex < 0 || chunkIndex >= plan.chunks().size()) {
            throw new IllegalArgumentException("chunk index " + chunkIndex + " is outside the " + plan.chunks().size()
                    + " chunks of run " + plan.runId() + " of " + plan.table() + ": pass an index from the plan");
        }
    }

    /** The chunk to extract. */
    public Chunk chunk() {
        return plan.chunks().get(chunkIndex);
    }

    /**
     * The run's instant as the plan fixed it: the source clock read at planning ({@code window.sourceClock}), so
     * every chunk and every retry of the run stamps the same {@code _sluice_extracted_at}.
     *
     * @throws IllegalArgumentException when the plan has no source clock reading
     */
    public static Instant runInstant(ChunkPlan plan) {
        KeyValue clock = plan.window() == null ? null : plan.window().sourceClock();
        if (clock == null) {
            throw new IllegalArgumentException("plan of run " + plan.runId() + " has no source clock reading; pass "
                    + "the run's start instant as extractedAt");
        }
        return switch (clock.type()) {
            case KeyValue.TIMESTAMPTZ -> Instant.parse(clock.value());
            case KeyValue.TIMESTAMP -> LocalDateTime.parse(clock.value()).toInstant(ZoneOffset.UTC);
            default -> throw new IllegalArgumentException("plan of run " + plan.runId() + " has source clock "
                    + clock + ", not a timestamp; pass the run's start instant as extractedAt");
        };
    }
}
