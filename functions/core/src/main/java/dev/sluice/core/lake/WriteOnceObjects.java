package dev.sluice.core.lake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes JSON objects that are created exactly once (manifests, ledger entries) with If-None-Match, and resolves a
 * 412 the way DESIGN.md requires: the existing object is read, and if it has the same content (ignoring fields that
 * legitimately vary between attempts, such as timings) the write is a success that returns the stored value;
 * otherwise it is a {@link ManifestConflictException} naming the key and the differing fields. A 412 may well be our
 * own earlier attempt that the SDK retried after a lost response, or the same chunk written twice concurrently.
 */
public final class WriteOnceObjects {

    private final ObjectStore store;

    public WriteOnceObjects(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Creates {@code key} with {@code value} as JSON, or accepts the existing object if it equals {@code value} apart
     * from the top-level {@code ignoredFields}.
     *
     * @return the value now stored under the key (the existing one, with its own ignored fields, on a resolved 412)
     * @throws ManifestConflictException when a different object exists under the key
     */
    public <T> T create(String key, T value, Set<String> ignoredFields) {
        byte[] json = LakeJson.bytes(value);
        try {
            store.putIfAbsent(key, json, "application/json");
            return value;
        } catch (PreconditionFailedException exists) {
            byte[] stored = store.get(key).orElseThrow(() -> new IllegalStateException("'" + key
                    + "' reported as existing (412) but cannot be read; check the bucket's delete permissions "
                    + "and lifecycle rules: lake objects under _sluice must never be deleted")).bytes();
            List<String> differing = differingFields(LakeJson.tree(key, stored),
                    LakeJson.mapper().valueToTree(value), ignoredFields);
            if (!differing.isEmpty()) {
                throw new ManifestConflictException(key, differing);
            }
            @SuppressWarnings("unchecked")
            Class<T> type = (Class<T>) value.getClass();
            return LakeJson.read(key, stored, type);
        }
    }

    /** Top-level field names whose values differ between two JSON objects, except {@code ignored}, sorted. */
    static List<String> differingFields(JsonNode stored, JsonNode candidate, Set<String> ignored) {
        Set<String> names = new LinkedHashSet<>();
        stored.fieldNames().forEachRemaining(names::add);
        candidate.fieldNames().forEachRemaining(names::add);
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            if (!ignored.contains(name) && !equivalent(stored.get(name), candidate.get(name))) {
                differing.add(name);
            }
        }
        return differing.stream().sorted().toList();
    }

    private static boolean equivalent(JsonNode a, JsonNode b) {
        boolean aMissing = a == null || a.isNull();
        boolean bMissing = b == null || b.isNull();
        if (aMissing || bMissing) {
            return aMissing && bMissing;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            return differingFields(a, b, Set.of()).isEmpty();
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equivalent(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
