package dev.sluice.core.pipeline;

import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseLostException;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.RunLedger;
import dev.sluice.core.state.RunManifest;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import dev.sluice.core.watermark.WatermarkWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The Commit step, the run's commit point: once validation passed ({@code validation.json}) and the warehouse holds
 * the run ({@code load.json}, unless config has no warehouse), the table's watermark advances to the run's window
 * with If-Match on the ETag read when the run was planned, a ledger entry records the attempt, and the lease is
 * released, in that order.
 *
 * <p>Exactly once: when {@code watermark.json} already records this run (a retried or redriven Commit) it is not
 * written again. {@code window} runs never move the watermark. A watermark changed by another run since planning is
 * a {@code RunInProgressFailure}: this run's window is stale.
 */
public final class CommitStep implements PipelineStep<RunInput, CommitResult> {

    /** The ledger status of a committed run. */
    static final String SUCCEEDED = "SUCCEEDED";

    private final PipelineContext context;
    private final RunFolder folder;
    private final LeaseStore leases;
    private final WatermarkStore watermarks;
    private final ManifestStore manifests;
    private final RunLedger ledger;

    public CommitStep(PipelineContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.folder = new RunFolder(context.lake(), context.layout());
        this.leases = new LeaseStore(context.lake(), context.layout(), context.clock());
        this.watermarks = new WatermarkStore(context.lake(), context.layout());
        this.manifests = new ManifestStore(context.lake(), context.layout());
        this.ledger = new RunLedger(context.lake(), context.layout());
    }

    @Override
    public Class<RunInput> inputType() {
        return RunInput.class;
    }

    @Override
    public CommitResult run(RunInput input) {
        RunRef run = input.run();
        RunTarget target = RunTarget.of(context.config(), run);
        String where = "Commit of run " + run.runId() + " of " + target.name();
        try {
            return commit(run, target.ref(), where);
        } catch (RuntimeException e) {
            throw Failures.translate(e, where);
        }
    }

    private CommitResult commit(RunRef run, TableRef table, String where) {
        String source = run.source();
        PlannedRun planned = folder.plan(run);
        RunManifest sealed = manifests.readRunManifest(source, table, run.runId()).orElseThrow(() ->
                new ValidationMismatchFailure(where + ": the run is not sealed (no " + context.layout()
                        .runManifest(source, table, run.runId()) + "): redrive the execution so SealRun runs first"));
        String reportKey = context.layout().validationReport(source, table, run.runId());
        boolean passed = folder.validationPassed(source, table, run.runId()).orElseThrow(() ->
                new ValidationMismatchFailure(where + ": the run has no validation report (" + reportKey + "): it was"
                        + " not validated; redrive the execution so validation runs before the commit"));
        if (!passed) {
            throw new ValidationMismatchFailure(where + ": validation did not pass (" + reportKey + "): the"
                    + " watermark was not moved; read the report, then rerun the window");
        }
        if (context.warehouse().isPresent() && !folder.loaded(source, table, run.runId())) {
            throw new LoadFailure(where + ": the run is not loaded (no " + context.layout().loadReport(source, table,
                    run.runId()) + "): redrive the execution so the load runs before the commit");
        }

        boolean moves = planned.movesWatermark();
        String watermarkKey = context.layout().watermark(source, table);
        boolean recorded = watermarks.read(source, table)
                .map(w -> WatermarkJson.read(w.body().toString(), watermarkKey).runId().equals(run.runId()))
                .orElse(false);
        Optional<Lease> lease = leases.read(source, table).map(Lease.Held::lease)
                .filter(l -> l.isHeldBy(run.runId(), run.executionId()));
        boolean done = recorded || !moves;
        if (lease.isEmpty() || (lease.get().released() && !done)) {
            if (recorded) {
                // An earlier attempt committed, recorded and released; another run has the table since.
                return new CommitResult(true, earlierLedgerKey(run, table));
            }
            throw new LeaseLostException(run.table(), run.runId(), leases.read(source, table)
                    .map(h -> (h.lease().released() ? "released by run " : "held by run ") + h.lease().runId()
                            + " of execution " + h.lease().holder())
                    .orElse("no lease exists"));
        }

        if (moves && !recorded) {
            Instant now = context.clock().instant();
            Watermark next = Watermark.committed(planned.plan().window(), run.runId(), now);
            watermarks.commit(source, table, LakeJson.tree(watermarkKey,
                    WatermarkJson.write(next).getBytes(StandardCharsets.UTF_8)), planned.watermarkEtag());
        }
        LedgerEntry entry = entry(planned, sealed, lease.get().acquiredAt());
        ledger.append(entry);
        leases.release(source, table, run.runId(), run.executionId());
        return new CommitResult(moves, ledger.keyOf(entry));
    }

    private LedgerEntry entry(PlannedRun planned, RunManifest sealed, Instant startedAt) {
        WatermarkWindow window = planned.plan().window();
        return new LedgerEntry(planned.plan().runId(), planned.plan().source(), planned.plan().table(),
                planned.plan().mode(), text(window == null ? null : window.lowerExclusive()),
                text(window == null ? null : window.upperInclusive()), sealed.rows(), sealed.bytes(),
                sealed.chunks().size(), SUCCEEDED, null, startedAt, context.clock().instant());
    }

    private String earlierLedgerKey(RunRef run, TableRef table) {
        return ledger.entries(run.source(), table).stream()
                .filter(e -> e.runId().equals(run.runId()) && SUCCEEDED.equals(e.status()))
                .reduce((first, second) -> second)
                .map(ledger::keyOf)
                .orElse(null);
    }

    static String text(KeyValue value) {
        return value == null ? null : value.value();
    }
}
