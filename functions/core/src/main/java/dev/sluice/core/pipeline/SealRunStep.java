package dev.sluice.core.pipeline;

import dev.sluice.core.plan.Chunk;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.RunManifest;
import java.util.List;
import java.util.Objects;

/**
 * The SealRun step: every planned chunk's manifest is present, none other is, and all agree on the schema: then
 * {@code run.json} is written once. Missing, extra or inconsistent chunks fail as a validation mismatch naming them.
 * A repeat writes the same {@code run.json} (deterministic from the manifests), which counts as success.
 */
public final class SealRunStep implements PipelineStep<RunInput, SealRunResult> {

    private final PipelineContext context;
    private final RunFolder folder;
    private final ManifestStore manifests;

    public SealRunStep(PipelineContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.folder = new RunFolder(context.lake(), context.layout());
        this.manifests = new ManifestStore(context.lake(), context.layout());
    }

    @Override
    public Class<RunInput> inputType() {
        return RunInput.class;
    }

    @Override
    public SealRunResult run(RunInput input) {
        RunRef run = input.run();
        RunTarget target = RunTarget.of(context.config(), run);
        String where = "SealRun of run " + run.runId() + " of " + target.name();
        try {
            PlannedRun planned = folder.plan(run);
            List<String> plannedIds = planned.plan().chunks().stream().map(Chunk::id).toList();
            RunManifest sealed = manifests.seal(run.source(), target.ref(), run.runId(), plannedIds,
                    planned.plan().schemaFingerprint());
            return new SealRunResult(context.layout().runManifest(run.source(), target.ref(), run.runId()),
                    sealed.chunks().size(), sealed.rows(), sealed.bytes());
        } catch (RuntimeException e) {
            throw Failures.translate(e, where);
        }
    }
}
