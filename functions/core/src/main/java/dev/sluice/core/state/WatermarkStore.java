package dev.sluice.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.source.TableRef;
import java.util.Objects;
import java.util.Optional;

/**
 * The commit point of a table: {@code watermark.json}. A run reads it (with its ETag) when it plans and commits the
 * new watermark with If-Match on that ETag (If-None-Match for the first commit), so of two concurrent commits only
 * one wins. A 412 whose stored body is exactly the body being committed is our own earlier attempt (retried by the
 * SDK or a redrive) and counts as success, so the watermark advances exactly once per run.
 */
public final class WatermarkStore {

    private final ObjectStore store;
    private final LakeLayout layout;

    public WatermarkStore(ObjectStore store, LakeLayout layout) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** The committed watermark, or empty before the table's first commit. */
    public Optional<StoredWatermark> read(String source, TableRef table) {
        String key = layout.watermark(source, table);
        return store.get(key).map(object -> new StoredWatermark(LakeJson.tree(key, object.bytes()), object.etag()));
    }

    /**
     * Commits {@code body} as the table's watermark.
     *
     * @param expectedEtag the ETag read when the run planned, or null if there was no watermark yet
     * @return the new ETag
     * @throws WatermarkConflictException when another commit happened since the read
     */
    public String commit(String source, TableRef table, JsonNode body, String expectedEtag) {
        String key = layout.watermark(source, table);
        byte[] json = LakeJson.bytes(body);
        try {
            return (expectedEtag == null
                    ? store.putIfAbsent(key, json, "application/json")
                    : store.putIfMatch(key, json, "application/json", expectedEtag)).etag();
        } catch (PreconditionFailedException e) {
            Optional<StoredWatermark> current = read(source, table);
            if (current.isPresent() && current.get().body().equals(LakeJson.tree(key, json))) {
                return current.get().etag();
            }
            throw new WatermarkConflictException(table.toString(), expectedEtag, key);
        }
    }
}
