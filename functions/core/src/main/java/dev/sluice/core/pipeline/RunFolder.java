package dev.sluice.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.lake.WriteOnceObjects;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.LakeLayout;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run's folder in the lake ({@code _sluice/runs/<source>/<schema>.<table>/<runId>/}) as the pipeline steps read
 * and write it: the stored plan ({@code plan.json}), the extraction item list ({@code items.json}), and what the
 * validation and load steps left there ({@code validation.json}, {@code load.json}). Everything here is written once.
 */
public final class RunFolder {

    private final ObjectStore store;
    private final LakeLayout layout;
    private final WriteOnceObjects writeOnce;

    public RunFolder(ObjectStore store, LakeLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.writeOnce = new WriteOnceObjects(store);
    }

    /** The stored plan of a run, if it was planned. */
    public Optional<PlannedRun> findPlan(String source, TableRef table, String runId) {
        String key = layout.plan(source, table, runId);
        return store.get(key).map(object -> LakeJson.read(key, object.bytes(), PlannedRun.class));
    }

    /**
     * The stored plan of {@code run}.
     *
     * @throws ConfigurationFailure when the run has no plan in this lake
     */
    public PlannedRun plan(RunRef run) {
        TableRef table = TableRef.parse(run.table());
        return findPlan(run.source(), table, run.runId()).orElseThrow(() -> new ConfigurationFailure("run "
                + run.runId() + " of " + run.source() + "." + run.table() + " has no plan at '"
                + layout.plan(run.source(), table, run.runId()) + "' in bucket " + layout.bucket() + ": the step "
                + "reads another lake than the Plan step wrote (check lake.bucket and lake.statePrefix in config and "
                + "the function's environment) or the object was deleted; start a new execution"));
    }

    /**
     * Writes {@code planned} as the run's {@code plan.json} once; a plan already stored for the run id (an earlier
     * attempt of the same run) is kept and returned instead.
     *
     * @throws ManifestConflictException when a concurrent writer stored a different plan between the read and the write
     */
    public PlannedRun writePlan(PlannedRun planned) {
        TableRef table = TableRef.parse(planned.plan().table());
        Optional<PlannedRun> stored = findPlan(planned.plan().source(), table, planned.plan().runId());
        if (stored.isPresent()) {
            return stored.get();
        }
        return writeOnce.create(layout.plan(planned.plan().source(), table, planned.plan().runId()), planned,
                Set.of());
    }

    /**
     * Writes the run's {@code items.json} ({@code [{"chunkIndex":0},...]}) once; the same list already stored is
     * success.
     *
     * @return the key
     */
    public String writeItems(String source, TableRef table, String runId, List<ChunkItem> items) {
        String key = layout.items(source, table, runId);
        byte[] json = LakeJson.bytes(items);
        try {
            store.putIfAbsent(key, json, "application/json");
        } catch (PreconditionFailedException exists) {
            JsonNode stored = store.get(key).map(object -> LakeJson.tree(key, object.bytes())).orElse(null);
            if (!LakeJson.tree(key, json).equals(stored)) {
                throw new ManifestConflictException(key, List.of("items"));
            }
        }
        return key;
    }

    /**
     * Whether {@code validation.json} of the run says it passed: empty when the report is absent.
     * Only the report's {@code passed} field is read (its writer owns the rest of the shape).
     */
    public Optional<Boolean> validationPassed(String source, TableRef table, String runId) {
        String key = layout.validationReport(source, table, runId);
        return store.get(key).map(object -> {
            JsonNode passed = LakeJson.tree(key, object.bytes()).get("passed");
            return passed != null && passed.isBoolean() && passed.booleanValue();
        });
    }

    /** Whether the run's {@code load.json} exists (the load step writes it once the warehouse holds the run). */
    public boolean loaded(String source, TableRef table, String runId) {
        return store.head(layout.loadReport(source, table, runId)).isPresent();
    }
}
