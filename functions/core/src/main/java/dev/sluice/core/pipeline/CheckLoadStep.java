package dev.sluice.core.pipeline;

import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.Warehouse;
import dev.sluice.core.warehouse.WarehouseException;
import java.util.Objects;

/**
 * The CheckLoad step. {@code SKIPPED} and {@code LOADED} stay as they are. A running batch: {@code RUNNING}. A failed
 * batch (rolled back): a transient failure when the warehouse's error is retryable, else a {@link LoadFailure} with
 * the error and the fix. A finished batch: the run's ledger row is read, its staged rows must equal the run
 * manifest's (the batch itself refuses another count), and {@code load.json} is written once: {@code LOADED}.
 */
public final class CheckLoadStep implements PipelineStep<LoadInput, LoadState> {

    private final PipelineContext context;
    private final StepSeams seams;

    public CheckLoadStep(PipelineContext context) {
        this(context, StepSeams.REAL);
    }

    CheckLoadStep(PipelineContext context, StepSeams seams) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
    }

    @Override
    public Class<LoadInput> inputType() {
        return LoadInput.class;
    }

    @Override
    public LoadState run(LoadInput input) {
        LoadState load = input.load();
        if (!load.state().equals(LoadState.RUNNING)) {
            return load;
        }
        String where = "run " + input.run().runId() + " of " + input.run().source() + "." + input.run().table();
        Warehouse warehouse = context.warehouse().orElseThrow(() -> new ConfigurationFailure(where + ": a load is"
                + " running but this deployment has no warehouse; the config changed during the run: start a new"
                + " execution"));
        StatementStatus status;
        try {
            status = warehouse.check(load.statementId());
        } catch (WarehouseException e) {
            throw WarehouseQueries.translate(e, where + ": checking the load batch " + load.statementId());
        }
        switch (status.state()) {
            case RUNNING -> {
                return load;
            }
            case FAILED -> throw WarehouseQueries.failed(status, where + ": the load batch " + load.statementId()
                    + " rolled back:");
            case FINISHED -> { }
        }
        SealedRun run = SealedRun.read(context, input.run());
        WarehouseConfig config = context.config().warehouse();
        LoadReport report = new WarehouseQueries(warehouse, context.settings().loadDialect(), seams.pause())
                .ledgerRow(run.run().runId(), config.ledgerSchema(), "ledger-after-" + load.statementId(),
                        run.where())
                .orElseThrow(() -> new LoadFailure(run.where() + ": the load batch " + load.statementId()
                        + " finished but the run has no row in " + config.ledgerSchema() + ".sluice_load_ledger;"
                        + " the batch's ledger insert did not commit: inspect the warehouse's query history, then"
                        + " redrive"));
        requireStagedRows(run, report);
        String key = context.layout().loadReport(run.run().source(), run.table(), run.run().runId());
        RunReports.writeLoad(context.lake(), key, report, run.where());
        return new LoadState(load.statementId(), LoadState.LOADED, key);
    }

    /** The ledger's staged rows must equal the run manifest's rows. */
    static void requireStagedRows(SealedRun run, LoadReport report) {
        if (report.rowsStaged() != run.manifest().rows()) {
            throw new LoadFailure(run.where() + ": the load ledger says " + report.rowsStaged() + " rows were staged"
                    + " into " + report.targetSchema() + "." + report.targetTable() + " but run.json has "
                    + run.manifest().rows() + " rows; the target holds a load of other files: check the run's"
                    + " partition and the ledger row, then rerun the window");
        }
    }
}
