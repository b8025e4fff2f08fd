package dev.sluice.core.pipeline;

import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.extract.ChunkWriterSettings;
import dev.sluice.core.extract.chunk.ChunkAssignment;
import dev.sluice.core.extract.chunk.ChunkOutcome;
import dev.sluice.core.extract.chunk.ExtractChunk;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.LakeOutputFile;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LeaseStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ExtractChunk step (one extraction Map item): reads the run's stored plan, checks the execution still holds the
 * table's lease, and extracts the chunk with {@link ExtractChunk} (Parquet to the lake, then the chunk manifest). A
 * chunk already committed is not read again, so a retried or redriven item repeats nothing.
 *
 * <p>Plans are cached per container by key: a plan is written once and never changes, and a warm container
 * extracts many chunks of the same run.
 */
public final class ExtractChunkStep implements PipelineStep<ExtractChunkInput, ExtractChunkResult> {

    /** The multipart part size of a chunk's upload: 16 MiB (memory per upload stays constant). */
    static final int PART_SIZE = 16 * LakeOutputFile.MIB;
    private static final int CACHED_PLANS = 16;

    private final PipelineContext context;
    private final LeaseStore leases;
    private final RunFolder folder;
    private final Map<String, PlannedRun> plans = new ConcurrentHashMap<>();

    public ExtractChunkStep(PipelineContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.leases = new LeaseStore(context.lake(), context.layout(), context.clock());
        this.folder = new RunFolder(context.lake(), context.layout());
    }

    @Override
    public Class<ExtractChunkInput> inputType() {
        return ExtractChunkInput.class;
    }

    @Override
    public ExtractChunkResult run(ExtractChunkInput input) {
        RunRef run = input.run();
        RunTarget target = RunTarget.of(context.config(), run);
        String where = "ExtractChunk of chunk index " + input.chunkIndex() + " of run " + run.runId() + " of "
                + target.name();
        try {
            PlannedRun planned = plan(run, target.ref());
            RunLeases.requireHeld(leases, run);
            ChunkAssignment assignment;
            try {
                assignment = new ChunkAssignment(target.source(), target.table(), planned.plan(), input.chunkIndex(),
                        planned.ingestDate(), planned.schema(), planned.extractedAt());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationFailure(where + ": " + e.getMessage(), e);
            }
            LakeConfig.Codec codec = context.config().lake() == null ? null : context.config().lake().codec();
            ExtractChunk extract = new ExtractChunk(context.sources().of(target.source()), context.lake(),
                    context.layout(), ChunkWriterSettings.defaults(codec), PART_SIZE);
            ChunkOutcome outcome = extract.extract(assignment);
            ChunkManifest manifest = outcome.manifest();
            return new ExtractChunkResult(manifest.chunkId(), manifest.rowCount(), manifest.bytes(),
                    outcome.extracted());
        } catch (RuntimeException e) {
            throw Failures.translate(e, where);
        }
    }

    private PlannedRun plan(RunRef run, TableRef table) {
        String key = context.layout().plan(run.source(), table, run.runId());
        PlannedRun cached = plans.get(key);
        if (cached != null) {
            return cached;
        }
        PlannedRun planned = folder.plan(run);
        if (plans.size() >= CACHED_PLANS) {
            plans.clear();
        }
        plans.put(key, planned);
        return planned;
    }
}
