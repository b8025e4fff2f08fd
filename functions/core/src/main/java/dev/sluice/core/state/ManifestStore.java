package dev.sluice.core.state;

import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.WriteOnceObjects;
import dev.sluice.core.source.TableRef;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chunk manifests and run manifests in the lake. Both are written once with If-None-Match; a 412 is resolved by
 * reading the stored object (same content apart from {@link ChunkManifest#IGNORED_ON_REWRITE} is success, the stored
 * manifest is returned and keeps its original timings; different content is a {@link ManifestConflictException}).
 */
public final class ManifestStore {

    private final ObjectStore store;
    private final LakeLayout layout;
    private final WriteOnceObjects writeOnce;

    public ManifestStore(ObjectStore store, LakeLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.writeOnce = new WriteOnceObjects(store);
    }

    /** The key {@code manifest} is written under. */
    public String keyOf(ChunkManifest manifest) {
        return layout.chunkManifest(manifest.source(), TableRef.parse(manifest.table()), manifest.runId(),
                manifest.chunkId());
    }

    /**
     * Commits a chunk: writes its manifest once.
     *
     * @return the stored manifest (the earlier one, with its timings, when this is a repeat of the same chunk)
     * @throws ManifestConflictException when a manifest with different content exists for the chunk
     */
    public ChunkManifest write(ChunkManifest manifest) {
        return writeOnce.create(keyOf(manifest), manifest, ChunkManifest.IGNORED_ON_REWRITE);
    }

    /** The manifest of one chunk, if the chunk was committed. */
    public Optional<ChunkManifest> readChunk(String source, TableRef table, String runId, String chunkId) {
        String key = layout.chunkManifest(source, table, runId, chunkId);
        return store.get(key).map(object -> LakeJson.read(key, object.bytes(), ChunkManifest.class));
    }

    /** Every chunk manifest of a run, in chunk id order (listing all pages). */
    public List<ChunkManifest> readChunks(String source, TableRef table, String runId) {
        return store.listAll(layout.chunkManifests(source, table, runId)).stream()
                .filter(info -> info.key().endsWith(".json"))
                .map(info -> store.get(info.key())
                        .map(object -> LakeJson.read(info.key(), object.bytes(), ChunkManifest.class))
                        .orElseThrow(() -> new IllegalStateException("'" + info.key() + "' was listed but is gone; "
                                + "lake objects under _sluice must never be deleted: check lifecycle rules")))
                .toList();
    }

    /**
     * Seals a run: reads its chunk manifests, checks them against the plan ({@link RunSeal}) and writes
     * {@code run.json} once.
     *
     * @throws SealException naming missing, extra or inconsistent chunks
     * @throws ManifestConflictException when a different run manifest was already written for the run
     */
    public RunManifest seal(String source, TableRef table, String runId, Collection<String> plannedChunkIds,
            String expectedSchemaFingerprint) {
        RunManifest manifest = RunSeal.seal(runId, source, table.toString(), plannedChunkIds,
                expectedSchemaFingerprint, readChunks(source, table, runId));
        return writeOnce.create(layout.runManifest(source, table, runId), manifest, Set.of());
    }

    /** The run manifest, if the run was sealed. */
    public Optional<RunManifest> readRunManifest(String source, TableRef table, String runId) {
        String key = layout.runManifest(source, table, runId);
        return store.get(key).map(object -> LakeJson.read(key, object.bytes(), RunManifest.class));
    }
}
