package dev.sluice.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.validate.ColumnTotals;
import dev.sluice.core.validate.Key;
import dev.sluice.core.validate.KeyRange;
import dev.sluice.core.validate.KeyRangeProbe;
import dev.sluice.core.validate.ValidatedColumn;
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
 * validation (failure path only) and held as keys and hashes, which a chunk's row bound keeps small enough. Narrowing
 * by a column's values reads the chunk once more per column narrowed (at most
 * {@code Reconciliation.MAX_COLUMNS}), holding that column's values too.
 *
 * <p>Ranges are compared in Java: numbers numerically, everything else by its canonical text (ISO dates and times
 * order correctly); text keys under a non-binary source collation may be bisected imprecisely, which can only make
 * the listed ranges larger, never hide a difference within the chunk.
 */
final class SourceProbe implements KeyRangeProbe {

    private final SourceRows source;
    private final Map<String, ChunkManifest> manifests = new HashMap<>();
    private final Map<String, List<KeyedHash>> loaded = new HashMap<>();
    private final Map<List<String>, List<KeyedValue>> loadedValues = new HashMap<>();

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

    @Override
    public ColumnTotals totals(String chunkId, KeyRange range, ValidatedColumn column) {
        return ColumnTotals.of(column, valuesWithin(chunkId, range, column).stream().map(KeyedValue::value)
                .toList());
    }

    @Override
    public List<KeyedValue> values(String chunkId, KeyRange range, ValidatedColumn column, int limit) {
        List<KeyedValue> rows = valuesWithin(chunkId, range, column);
        return rows.size() <= limit ? rows : rows.subList(0, limit);
    }

    private List<KeyedHash> within(String chunkId, KeyRange range) {
        return inRange(loaded.computeIfAbsent(chunkId, c -> load(c, null).stream()
                .map(r -> new KeyedHash(r.key(), r.rowHash())).toList()), KeyedHash::key, range);
    }

    private List<KeyedValue> valuesWithin(String chunkId, KeyRange range, ValidatedColumn column) {
        return inRange(loadedValues.computeIfAbsent(List.of(chunkId, column.name()), c -> load(chunkId, column)),
                KeyedValue::key, range);
    }

    private static <T> List<T> inRange(List<T> rows, java.util.function.Function<T, Key> key, KeyRange range) {
        List<T> in = new ArrayList<>();
        for (T row : rows) {
            if ((range.lower() == null || compare(key.apply(row), range.lower()) >= 0)
                    && (range.upper() == null || compare(key.apply(row), range.upper()) < 0)) {
                in.add(row);
            }
        }
        return in;
    }

    /** The chunk's source rows between its manifest's first and last key, with {@code column}'s values if given. */
    private List<KeyedValue> load(String chunkId, ValidatedColumn column) {
        ChunkManifest manifest = manifests.get(chunkId);
        if (manifest == null || manifest.keyMin() == null || manifest.keyMax() == null) {
            return List.of(); // a chunk without rows (or unknown here) has no source rows to compare
        }
        List<KeyValue> min = keyValues(manifest.keyMin());
        List<KeyValue> max = keyValues(manifest.keyMax());
        List<KeyedValue> rows = new ArrayList<>(source.byKeys(chunkId, List.of(min.stream().map(KeyValue::toJdbc)
                .toList()), column));
        rows.addAll(source.range(chunkId, min, max, column));
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
