package dev.sluice.core.pipeline;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.extract.chunk.ChunkAssignment;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.plan.RunPlanner;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.StoredWatermark;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.types.TypeMapping;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The Plan step: takes the table's lease for the execution, reads the committed watermark and the source's bounds,
 * plans the run's chunks and writes {@code plan.json} and {@code items.json} to the run's folder.
 *
 * <ul>
 *   <li><b>Modes</b>: {@code auto} continues from the committed watermark (a backfill when there is none);
 *       {@code backfill} plans from the beginning whatever is committed; {@code incremental} is refused before the
 *       first commit; {@code window} plans exactly {@code (from, to]}.</li>
 *   <li><b>Lease</b>: acquired before the watermark is read (holder = execution id) and moved to the run id once it
 *       is known. Another execution holding it is a {@code RunInProgressFailure} naming its run.</li>
 *   <li><b>Redrive</b>: when this execution already holds (or held) the lease for a run whose plan is stored, that
 *       plan is returned again instead of planning anew, so the execution keeps its run and chunk ids. A run id that
 *       was planned before by another execution (same window) adopts the stored plan as well.</li>
 *   <li><b>Nothing new</b>: the lease is released and no object is written.</li>
 * </ul>
 */
public final class PlanStep implements PipelineStep<PlanInput, PlanResult> {

    /** The lease's run id while the run is being planned (the real id depends on the plan). */
    static final String PLANNING = "planning";

    private final PipelineContext context;
    private final LeaseStore leases;
    private final WatermarkStore watermarks;
    private final RunFolder folder;

    public PlanStep(PipelineContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.leases = new LeaseStore(context.lake(), context.layout(), context.clock());
        this.watermarks = new WatermarkStore(context.lake(), context.layout());
        this.folder = new RunFolder(context.lake(), context.layout());
    }

    @Override
    public Class<PlanInput> inputType() {
        return PlanInput.class;
    }

    @Override
    public PlanResult run(PlanInput input) {
        RunRequest request = input.request();
        RunTarget target = RunTarget.resolve(context.config(), request.source(), request.table());
        String where = "Plan of " + target.name() + " (mode " + request.mode().name().toLowerCase(java.util.Locale.ROOT)
                + ")";
        try {
            return plan(request, target, input.executionId());
        } catch (RuntimeException e) {
            throw Failures.translate(e, where);
        }
    }

    private PlanResult plan(RunRequest request, RunTarget target, String executionId) {
        String source = target.source().name();
        Optional<PlannedRun> resumed = resumable(target, executionId);
        if (resumed.isPresent()) {
            leases.acquire(source, target.ref(), resumed.get().plan().runId(), executionId, leaseDuration());
            return result(resumed.get(), target, executionId);
        }

        leases.acquire(source, target.ref(), PLANNING, executionId, leaseDuration());
        Optional<StoredWatermark> stored = watermarks.read(source, target.ref());
        String watermarkKey = context.layout().watermark(source, target.ref());
        Optional<Watermark> committed = stored.map(w -> WatermarkJson.read(w.body().toString(), watermarkKey));

        JdbcSource jdbc = new JdbcSource(target.source(), SqlDialect.of(target.source().engine()),
                context.sources().of(target.source()));
        SourceTable described = jdbc.describe(target.ref());
        List<ColumnMapping> mappings = TypeMapping.of(target.source().engine()).map(described,
                target.table().columns());
        PlannedSchema schema = PlannedSchema.of(mappings);
        IsolationLevel isolation = target.source().isolation() == null ? IsolationLevel.READ_COMMITTED
                : target.source().isolation();
        RunPlanner planner = new RunPlanner(jdbc, jdbc, jdbc);
        ChunkPlan plan = switch (request.mode()) {
            case AUTO -> planner.plan(target.table(), described, isolation, committed, schema.fingerprint());
            case BACKFILL -> planner.plan(target.table(), described, isolation, Optional.empty(),
                    schema.fingerprint());
            case INCREMENTAL -> {
                if (committed.isEmpty()) {
                    throw new ConfigurationFailure("mode incremental of " + target.name() + ": nothing is committed"
                            + " yet (no " + watermarkKey + "), so there is no window to continue from. Start the"
                            + " table with mode auto or backfill (events/), then schedule incremental runs");
                }
                yield planner.plan(target.table(), described, isolation, committed, schema.fingerprint());
            }
            case WINDOW -> planner.planWindow(target.table(), described, isolation, request.from(), request.to(),
                    schema.fingerprint());
        };
        leases.acquire(source, target.ref(), plan.runId(), executionId, leaseDuration());
        RunRef run = new RunRef(source, target.ref().toString(), plan.runId(), executionId);
        if (plan.nothingNew()) {
            leases.release(source, target.ref(), plan.runId(), executionId);
            return new PlanResult(run, true, null, context.layout().bucket(), null, 0, false, maxConcurrency(target),
                    List.of());
        }
        Instant extractedAt = runInstant(plan);
        PlannedRun planned = folder.writePlan(new PlannedRun(PlannedRun.FORMAT_VERSION, request.mode(),
                request.reason(), LocalDate.ofInstant(extractedAt, ZoneOffset.UTC), extractedAt,
                stored.map(StoredWatermark::etag).orElse(null), schema, plan));
        return result(planned, target, executionId);
    }

    /**
     * The stored plan of the run this execution holds or held the lease for (a redriven Plan), if there is one.
     */
    private Optional<PlannedRun> resumable(RunTarget target, String executionId) {
        Optional<Lease> lease = leases.read(target.source().name(), target.ref()).map(Lease.Held::lease);
        if (lease.isEmpty() || !lease.get().holder().equals(executionId) || PLANNING.equals(lease.get().runId())) {
            return Optional.empty();
        }
        return folder.findPlan(target.source().name(), target.ref(), lease.get().runId());
    }

    private PlanResult result(PlannedRun planned, RunTarget target, String executionId) {
        ChunkPlan plan = planned.plan();
        String source = target.source().name();
        RunRef run = new RunRef(source, target.ref().toString(), plan.runId(), executionId);
        int chunkCount = plan.chunks().size();
        List<ChunkItem> items = IntStream.range(0, chunkCount).mapToObj(ChunkItem::new).toList();
        String itemsKey = folder.writeItems(source, target.ref(), plan.runId(), items);
        boolean distributed = chunkCount > context.settings().inlineChunkLimit();
        return new PlanResult(run, false, context.layout().plan(source, target.ref(), plan.runId()),
                context.layout().bucket(), itemsKey, chunkCount, distributed, maxConcurrency(target),
                distributed ? List.of() : items);
    }

    /** The run's instant: the source clock the plan read, else (no clock reading) the wall clock now. */
    private Instant runInstant(ChunkPlan plan) {
        try {
            return ChunkAssignment.runInstant(plan);
        } catch (IllegalArgumentException noSourceClock) {
            return context.clock().instant();
        }
    }

    private static int maxConcurrency(RunTarget target) {
        return Math.max(1, target.source().readBudget());
    }

    private java.time.Duration leaseDuration() {
        return context.settings().leaseDuration();
    }
}
