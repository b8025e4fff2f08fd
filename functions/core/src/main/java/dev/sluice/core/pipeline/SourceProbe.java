package dev.sluice.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.validate.Key;
import dev.sluice.core.validate.KeyRange;
import dev.sluice.core.validate.KeyRangeProbe;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The source side of narrowing a chunk's mismatch to keys: the chunk's rows re-read from the source between the
 * first and last key the extractor wrote (the manifest's {@code keyMin} and {@code keyMax}, both included), hashed
 * as the chunk writer hashed them, then summarized, listed and bisected in memory. The chunk is read once per
 * validation (failure path only) and held as keys and hashes, which a chunk's row bound keeps small enough.
 *
 * <p>Ranges are compared in Java: numbers numerically, everything else by its canonical text (ISO dates and times
 * order correctly); text keys under a non-binary source collation may be bisected imprecisely, which can only make
 * the listed ranges larger, never hide a difference within the chunk.
 */
final class SourceProbe implements KeyRangeProbe {

    private final SourceRows source;
    private final Map<String, ChunkManifest> manifests = new HashMap<>();
    private final Map<String, List<KeyedHash>> loaded = new HashMap<>();

    SourceProbe(SourceRows source, List<ChunkManifest> manifests) {
        this.source = source;
        manifests.forEach(m -> this.manifests.put(m.chunkId(), m));
    }

    @Override
    public RowHashDigest summarize(String chunkId, KeyRange range) {
        RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
        within(chunkId, range).forEach(row -> digest.add(row.rowHash()));
        return digest.result();
    }

    @Override
    public List<KeyedHash> rows(String chunkId, KeyRange range, int limit) {
        List<KeyedHash> rows = within(chunkId, range);
        return rows.size() <= limit ? rows : rows.subList(0, limit);
    }

    @Override
    public Optional<Key> keyAt(String chunkId, KeyRange range, long offset) {
        List<KeyedHash> rows = within(chunkId, range);
        return offset < 0 || offset >= rows.size() ? Optional.empty() : Optional.of(rows.get((int) offset).key());
    }

    private List<KeyedHash> within(String chunkId, KeyRange range) {
        List<KeyedHash> rows = loaded.computeIfAbsent(chunkId, this::load);
        List<KeyedHash> in = new ArrayList<>();
        for (KeyedHash row : rows) {
            if ((range.lower() == null || compare(row.key(), range.lower()) >= 0)
                    && (range.upper() == null || compare(row.key(), range.upper()) < 0)) {
                in.add(row);
            }
        }
        return in;
    }

    private List<KeyedHash> load(String chunkId) {
        ChunkManifest manifest = manifests.get(chunkId);
        if (manifest == null || manifest.keyMin() == null || manifest.keyMax() == null) {
            return List.of(); // a chunk without rows (or unknown here) has no source rows to compare
        }
        List<KeyValue> min = keyValues(manifest.keyMin());
        List<KeyValue> max = keyValues(manifest.keyMax());
        List<KeyedHash> rows = new ArrayList<>(source.byKeys(chunkId, List.of(min.stream().map(KeyValue::toJdbc)
                .toList())));
        rows.addAll(source.range(chunkId, min, max));
        return List.copyOf(rows);
    }

    /** A manifest key bound: a JSON array with one {@code {"type", "value"}} per key column. */
    static List<KeyValue> keyValues(JsonNode bound) {
        List<KeyValue> values = new ArrayList<>();
        for (JsonNode v : bound) {
            values.add(new KeyValue(v.get("type").asText(), v.get("value").asText()));
        }
        return values;
    }

    /** Compares two keys value by value: numerically when both are numbers, else by canonical text. */
    static int compare(Key a, Key b) {
        List<String> x = a.canonical();
        List<String> y = b.canonical();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c;
            try {
                c = new BigDecimal(x.get(i)).compareTo(new BigDecimal(y.get(i)));
            } catch (NumberFormatException e) {
                c = x.get(i).compareTo(y.get(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
