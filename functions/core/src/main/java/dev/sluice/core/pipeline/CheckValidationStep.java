package dev.sluice.core.pipeline;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.query.QueryEngineException;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.validate.ChunkMeasures;
import dev.sluice.core.validate.KeyRangeProbe;
import dev.sluice.core.validate.Reconciliation;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationReport.ChunkReport;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.validate.ValidationReport.KeyDifference;
import dev.sluice.core.validate.ValidationReport.SampleCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CheckValidation step. While a query runs: {@code RUNNING}. A failed query: a transient failure (retried) or a
 * configuration failure, by the engine's failure class. When all succeeded: the lake's per-chunk measures are
 * reconciled with the chunk manifests ({@link Reconciliation}); a chunk that differs is narrowed to keys by
 * bisecting it on both sides (the lake through the query engine, the source re-read and hashed); the sampled keys
 * are re-read from the source and compared by row hash. The report is written once as {@code validation.json};
 * any mismatch is a {@link ValidationMismatchFailure} naming the chunk, the measure, both values, the keys and the
 * report.
 */
public final class CheckValidationStep implements PipelineStep<ValidationInput, ValidationState> {

    private final PipelineContext context;
    private final StepSeams seams;

    public CheckValidationStep(PipelineContext context) {
        this(context, StepSeams.REAL);
    }

    CheckValidationStep(PipelineContext context, StepSeams seams) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
    }

    @Override
    public Class<ValidationInput> inputType() {
        return ValidationInput.class;
    }

    @Override
    public ValidationState run(ValidationInput input) {
        ValidationState state = input.validation();
        String where = "run " + input.run().runId() + " of " + input.run().source() + "." + input.run().table();
        if (!state.queries().containsKey(ValidationQueries.MEASURES)) {
            throw new ConfigurationFailure(where + ": $.validation.queries lacks " + ValidationQueries.MEASURES
                    + " (it has " + state.queries().keySet() + "); the state document was edited or written by"
                    + " another version: start a new execution");
        }
        boolean running = false;
        for (Map.Entry<String, String> query : state.queries().entrySet()) {
            QueryStatus status;
            try {
                status = context.queries().check(query.getValue());
            } catch (QueryEngineException e) {
                throw EngineQueries.translate(e, where + ": checking validation query " + query.getKey());
            }
            switch (status.state()) {
                case FAILED, CANCELLED -> throw EngineQueries.failed(status, where + ": validation query "
                        + query.getKey() + " (" + query.getValue() + ")");
                case RUNNING -> running = true;
                case SUCCEEDED -> { }
            }
        }
        if (running) {
            return new ValidationState(state.queries(), ValidationState.RUNNING, state.reportKey());
        }
        SealedRun run = SealedRun.read(context, input.run());
        RunColumns columns = RunColumns.of(context, run, seams.describer());
        ValidationReport report = reconcile(run, columns, state);
        String key = context.layout().validationReport(run.run().source(), run.table(), run.run().runId());
        ValidationReport stored = RunReports.writeValidation(context.lake(), key, report, run.where());
        if (!stored.passed()) {
            throw new ValidationMismatchFailure(run.where() + " failed validation: "
                    + String.join("; ", MismatchMessage.lines(stored, 12)) + ". Report: s3://"
                    + context.layout().bucket() + "/" + key);
        }
        return new ValidationState(state.queries(), ValidationState.PASSED, key);
    }

    private ValidationReport reconcile(SealedRun run, RunColumns columns, ValidationState state) {
        List<ChunkMeasures> measures = new ArrayList<>();
        for (Map<String, Object> row : ResultRows.maps(results(run, state, ValidationQueries.MEASURES))) {
            measures.add(ChunkMeasures.fromRow(row, context.settings().queryDialect(), columns.rangeColumns(),
                    columns.validatedColumns()));
        }
        Reconciliation reconciliation = new Reconciliation(ValidationQueries.options(run), columns.rangeColumns(),
                columns.validatedColumns());
        KeyRangeProbe lake = null;
        KeyRangeProbe source = null;
        SourceRows sourceRows = null;
        if (!columns.rangeColumns().isEmpty() && !readsChanges(run)) {
            // Narrowing bisects the chunks' own ranges, over the columns their manifests record bounds for. A
            // change tracking increment holds only the changed keys of its range, so its source side is not the
            // table's rows in that range: such a run is reported by measure, its keys not narrowed.
            EngineQueries sync = new EngineQueries(context.queries(), context.settings(), seams.pause());
            lake = new LakeProbe(sync, context.settings().queryDialect(), ValidationQueries.relation(context, run),
                    columns.rangeColumns(), run.run().runId(), run.where());
            source = new SourceProbe(new SourceRows(run.source(), context.sources().of(run.source()), run.table(),
                    run.run().runId(), columns.mappings(), columns.rangeColumns()), run.chunks());
        }
        if (!columns.keyColumns().isEmpty()) {
            sourceRows = new SourceRows(run.source(), context.sources().of(run.source()), run.table(),
                    run.run().runId(), columns.mappings(), columns.keyColumns());
        }
        ValidationReport report = reconciliation.reconcile(run.run().table(), run.run().runId(), run.chunks(),
                measures, lake, source);
        if (state.queries().containsKey(ValidationQueries.DUPLICATES)) {
            report = withDuplicates(report, columns.keyColumns(), results(run, state, ValidationQueries.DUPLICATES));
        }
        SampleCheck sample;
        if (columns.keyColumns().isEmpty()) {
            sample = SampleCheck.skipped("the table has no primary key to re-read rows by");
        } else if (!state.queries().containsKey(ValidationQueries.SAMPLE)) {
            sample = SampleCheck.skipped("validation.sampleSize is 0");
        } else {
            sample = SourceSample.check(results(run, state, ValidationQueries.SAMPLE), sourceRows,
                    ValidationQueries.options(run).sampleSize());
        }
        return report.withSample(sample);
    }

    /** Whether the run's plan reads change tracking changes ({@link Chunk.Kind#CHANGES} chunks). */
    private boolean readsChanges(SealedRun run) {
        return new RunFolder(context.lake(), context.layout())
                .findPlan(run.run().source(), run.table(), run.run().runId())
                .map(p -> p.plan().chunks().stream().anyMatch(c -> c.kind() == Chunk.Kind.CHANGES))
                .orElse(false);
    }

    private ResultTable results(SealedRun run, ValidationState state, String name) {
        try {
            return context.queries().results(state.queries().get(name));
        } catch (QueryEngineException e) {
            throw EngineQueries.translate(e, run.where() + ": reading the results of validation query " + name);
        }
    }

    /** Adds the listed duplicated keys to their chunk's report when narrowing did not already name them. */
    static ValidationReport withDuplicates(ValidationReport report, List<String> keyColumns, ResultTable duplicates) {
        if (duplicates.rows().isEmpty()) {
            return report;
        }
        List<ChunkReport> chunks = new ArrayList<>();
        for (ChunkReport chunk : report.chunks()) {
            List<KeyDifference> keys = new ArrayList<>(chunk.keys());
            for (List<String> row : duplicates.rows()) {
                if (!chunk.chunkId().equals(row.get(duplicates.columnIndex("chunk_id")))) {
                    continue;
                }
                List<Object> values = new ArrayList<>();
                for (String column : keyColumns) {
                    values.add(ResultRows.typed(duplicates, row, duplicates.columnIndex(column)));
                }
                List<String> key = new dev.sluice.core.validate.Key(values).canonical();
                boolean named = keys.stream().anyMatch(k -> k.key().equals(key)
                        && k.kind() == DifferenceKind.DUPLICATE);
                if (!named) {
                    keys.add(new KeyDifference(DifferenceKind.DUPLICATE, key,
                            row.get(duplicates.columnIndex("copies")) + " copies in the lake"));
                }
            }
            chunks.add(keys.size() == chunk.keys().size() ? chunk
                    : new ChunkReport(chunk.chunkId(), false, chunk.checks(), keys, chunk.keysComplete()));
        }
        boolean passed = chunks.stream().allMatch(ChunkReport::passed);
        return new ValidationReport(report.table(), report.runId(), passed, chunks, report.sample());
    }
}
