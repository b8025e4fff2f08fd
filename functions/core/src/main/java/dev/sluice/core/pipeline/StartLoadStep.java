package dev.sluice.core.pipeline;

import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.load.CopyManifest;
import dev.sluice.core.load.LoadPlan;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.load.RedshiftLoadSql;
import dev.sluice.core.load.TargetColumn;
import dev.sluice.core.load.TargetSchemaException;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.Warehouse;
import dev.sluice.core.warehouse.WarehouseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The StartLoad step: starts the run's one warehouse batch (target DDL, staging, COPY, the load of the table's mode
 * and the ledger row, in one transaction; {@link RedshiftLoadSql}). Without a warehouse in config, or without a
 * target for the table: {@code SKIPPED}. A run already in the load ledger is not loaded again: {@code LOADED},
 * with {@code load.json} written from the ledger row. Before the batch, the target's current columns are read so the
 * batch adds new columns or refuses incompatible ones (a schema drift failure naming the column). A run with at
 * least {@link #COPY_MANIFEST_OBJECTS} objects is read by a Redshift COPY through a COPY manifest listing exactly
 * its chunk objects.
 */
public final class StartLoadStep implements PipelineStep<RunInput, LoadState> {

    /** Runs with at least this many chunk objects are copied through a COPY manifest. */
    public static final int COPY_MANIFEST_OBJECTS = 32;

    private final PipelineContext context;
    private final StepSeams seams;
    private final int copyManifestObjects;

    public StartLoadStep(PipelineContext context) {
        this(context, StepSeams.REAL, COPY_MANIFEST_OBJECTS);
    }

    StartLoadStep(PipelineContext context, StepSeams seams, int copyManifestObjects) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
        this.copyManifestObjects = copyManifestObjects;
    }

    @Override
    public Class<RunInput> inputType() {
        return RunInput.class;
    }

    @Override
    public LoadState run(RunInput input) {
        if (context.warehouse().isEmpty()) {
            return new LoadState(null, LoadState.SKIPPED, null);
        }
        SealedRun run = SealedRun.read(context, input.run());
        if (run.config().target() == null) {
            return new LoadState(null, LoadState.SKIPPED, null);
        }
        Warehouse warehouse = context.warehouse().get();
        WarehouseConfig config = context.config().warehouse();
        if (config == null || config.ledgerSchema() == null) {
            throw new ConfigurationFailure(run.where() + ": a warehouse is wired but config has no"
                    + " warehouse.ledgerSchema; set warehouse in config and redeploy");
        }
        String runId = run.run().runId();
        String reportKey = context.layout().loadReport(run.run().source(), run.table(), runId);
        WarehouseQueries reads = new WarehouseQueries(warehouse, context.settings().loadDialect(), seams.pause());
        String stamp = Long.toString(context.clock().millis());
        Optional<LoadReport> loaded = reads.ledgerRow(runId, config.ledgerSchema(), "ledger-before-load-" + stamp,
                run.where());
        if (loaded.isPresent()) {
            CheckLoadStep.requireStagedRows(run, loaded.get());
            RunReports.writeLoad(context.lake(), reportKey, loaded.get(), run.where());
            return new LoadState(null, LoadState.LOADED, reportKey);
        }

        RunColumns columns = RunColumns.of(context, run, seams.describer());
        TableConfig table = run.config().resolve(columns.described());
        LoadPlan draft = plan(run, table, columns, config, source(run), Optional.empty());
        List<TargetColumn> wanted = RedshiftLoadSql.targetColumns(draft);
        Optional<List<TargetColumn>> existing = reads.describe(runId, table.target().schema(),
                table.target().table(), wanted, "describe-target-" + stamp, run.where());
        LoadPlan plan = plan(run, table, columns, config, draft.source(), existing);
        List<String> statements;
        try {
            statements = RedshiftLoadSql.batch(plan, context.settings().loadDialect());
        } catch (TargetSchemaException e) {
            throw new SchemaDriftFailure(run.where() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure(run.where() + ": the load cannot be generated: " + e.getMessage(), e);
        }
        try {
            String id = warehouse.startBatch(new StatementBatch(runId, "load", statements));
            return new LoadState(id, LoadState.RUNNING, reportKey);
        } catch (WarehouseException e) {
            throw WarehouseQueries.translate(e, run.where() + ": starting the load batch");
        }
    }

    private LoadPlan plan(SealedRun run, TableConfig table, RunColumns columns, WarehouseConfig config,
                          LoadSource source, Optional<List<TargetColumn>> existing) {
        try {
            return new LoadPlan(table, columns.mappings(), run.run().runId(), source, config.ledgerSchema(),
                    run.manifest().rows(), existing);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationFailure(run.where() + ": the load cannot be planned: " + e.getMessage(), e);
        }
    }

    /** The warehouse's way to read the run, through a COPY manifest when the run has many objects. */
    private LoadSource source(SealedRun run) {
        LoadSource source;
        try {
            source = context.settings().loadSource().apply(run.rawRunPrefix(context));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure(run.where() + ": the warehouse cannot read the run's partition: "
                    + e.getMessage(), e);
        }
        if (source instanceof LoadSource.S3Copy copy && run.manifest().chunks().size() >= copyManifestObjects) {
            String key = context.layout().copyManifest(run.run().source(), run.table(), run.run().runId());
            writeCopyManifest(run, key, CopyManifest.json(copy.bucket(), run.manifest()));
            return copy.withManifest("s3://" + copy.bucket() + "/" + key);
        }
        return source;
    }

    private void writeCopyManifest(SealedRun run, String key, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try {
            context.lake().putIfAbsent(key, bytes, "application/json");
        } catch (PreconditionFailedException exists) {
            byte[] stored = context.lake().get(key).map(o -> o.bytes()).orElse(null);
            if (!Arrays.equals(stored, bytes)) {
                throw new LoadFailure(run.where() + ": '" + key + "' already holds a different COPY manifest than"
                        + " run.json gives; run.json never changes, so the manifest was written by something else:"
                        + " remove that object (its run is not loaded yet) and redrive");
            }
        } catch (LoadFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TransientFailure(run.where() + ": writing the COPY manifest '" + key + "' failed ("
                    + e.getMessage() + "); it is retried", e);
        }
    }
}
