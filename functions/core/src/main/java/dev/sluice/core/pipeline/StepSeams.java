package dev.sluice.core.pipeline;

import dev.sluice.core.source.SourceTable;
import java.util.Objects;

/**
 * What the steps reach outside their ports for, replaceable in unit tests: describing the source table (a catalog
 * query per engine) and pausing between polls of a synchronous query.
 *
 * @param describer describes the run's source table
 * @param pause     waits between polls
 */
record StepSeams(SourceDescriber describer, EngineQueries.Pause pause) {

    /** Describes the run's source table now. */
    @FunctionalInterface
    interface SourceDescriber {
        SourceTable describe(PipelineContext context, SealedRun run);
    }

    /** The real world: JDBC catalog queries and {@link Thread#sleep}. */
    static final StepSeams REAL = new StepSeams(
            (context, run) -> RunColumns.source(context, run).describe(run.table()), Thread::sleep);

    StepSeams {
        Objects.requireNonNull(describer, "describer");
        Objects.requireNonNull(pause, "pause");
    }
}
