package dev.sluice.core.pipeline;

import dev.sluice.core.query.QueryEngineException;
import dev.sluice.core.query.QueryRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The StartValidation step: starts the run's validation queries on the query engine (Athena; DuckDB locally) over
 * the run's partition of its catalog table: the per-chunk measures the manifests recorded, the duplicated keys and
 * the rows of the source sample. A retried start of the same (run, query) returns the same execution. Returns
 * {@code RUNNING} with the execution ids; CheckValidation waits for them.
 */
public final class StartValidationStep implements PipelineStep<RunInput, ValidationState> {

    private final PipelineContext context;
    private final StepSeams seams;

    public StartValidationStep(PipelineContext context) {
        this(context, StepSeams.REAL);
    }

    StartValidationStep(PipelineContext context, StepSeams seams) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
    }

    @Override
    public Class<RunInput> inputType() {
        return RunInput.class;
    }

    @Override
    public ValidationState run(RunInput input) {
        SealedRun run = SealedRun.read(context, input.run());
        RunColumns columns = RunColumns.of(context, run, seams.describer());
        Map<String, String> ids = new LinkedHashMap<>();
        PipelineSettings settings = context.settings();
        ValidationQueries.of(context, run, columns).forEach((name, sql) -> {
            QueryRequest request = new QueryRequest(run.run().runId(), name, sql, EngineQueries.workgroup(settings),
                    settings.catalogDatabase());
            try {
                ids.put(name, context.queries().start(request));
            } catch (QueryEngineException e) {
                throw EngineQueries.translate(e, run.where() + ": starting validation query " + name);
            }
        });
        return new ValidationState(ids, ValidationState.RUNNING,
                context.layout().validationReport(run.run().source(), run.table(), run.run().runId()));
    }
}
