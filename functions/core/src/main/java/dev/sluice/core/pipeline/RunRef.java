package dev.sluice.core.pipeline;

import java.util.Objects;

/**
 * Which run a step works on, as the Plan step returns it and every later step receives it ({@code $.plan.run}):
 * small on purpose, because Step Functions payloads are limited to 256 KB; steps read everything else from the
 * run's folder in the lake.
 *
 * @param source      the source's name
 * @param table       {@code schema.table}
 * @param runId       the run
 * @param executionId the execution that holds the table's lease for this run (the lease holder)
 */
public record RunRef(String source, String table, String runId, String executionId) {

    public RunRef {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(executionId, "executionId");
    }
}
