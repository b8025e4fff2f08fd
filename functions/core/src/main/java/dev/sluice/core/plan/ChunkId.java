package dev.sluice.core.plan;

import dev.sluice.core.source.KeyRange;

/**
 * A chunk's identity, derived from (table, bounds, schema fingerprint) so that its Parquet and manifest keys are
 * fixed: {@code c}, the chunk's position in its plan (five digits, lowest keys or oldest times first), a dash and
 * the first 12 hex digits of SHA-256 over {@code source \n schema.table \n fingerprint \n canonical JSON of the
 * range}, e.g. {@code c00007-9ab31f0c27de}. A changed schema gives new chunk ids for the same bounds.
 */
public record ChunkId(String value) {

    public static ChunkId of(String source, String table, KeyRange range, String schemaFingerprint, int index) {
        String canonical = source + "\n" + table + "\n" + schemaFingerprint + "\n" + PlanJson.canonical(range);
        return new ChunkId(String.format("c%05d-%s", index, Digests.sha256Hex(canonical, 12)));
    }

    @Override
    public String toString() {
        return value;
    }
}
