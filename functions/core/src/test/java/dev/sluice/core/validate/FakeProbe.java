package dev.sluice.core.validate;

import dev.sluice.core.lake.RowHashDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key range probe over in-memory rows keyed by one long (column {@code id}) with an optional decimal column
 * {@code amount}, counting the queries it is asked for.
 */
final class FakeProbe implements KeyRangeProbe {

    /** One row: chunk, key, row hash. */
    record Row(String chunk, long key, long hash) {
    }

    private final List<Row> rows;
    private final Map<Long, String> amounts;
    final AtomicInteger summaries = new AtomicInteger();
    /** Every call: what a lake probe would run as a query. */
    final AtomicInteger queries = new AtomicInteger();

    FakeProbe(List<Row> rows) {
        this(rows, Map.of());
    }

    /** Rows whose {@code amount} is {@code amounts.get(key)} (absent: NULL). */
    FakeProbe(List<Row> rows, Map<Long, String> amounts) {
        this.rows = rows.stream().sorted(Comparator.comparingLong(Row::key)).toList();
        this.amounts = amounts;
    }

    private String value(Row r, ValidatedColumn column) {
        return switch (column.name()) {
            case "id" -> column.value(r.key());
            case "amount" -> column.value(amounts.get(r.key()));
            default -> throw new AssertionError("no column " + column.name());
        };
    }

    @Override
    public ColumnTotals totals(String chunkId, KeyRange range, ValidatedColumn column) {
        queries.incrementAndGet();
        return ColumnTotals.of(column, in(chunkId, range).stream().map(r -> value(r, column)).toList());
    }

    @Override
    public List<KeyedValue> values(String chunkId, KeyRange range, ValidatedColumn column, int limit) {
        queries.incrementAndGet();
        return in(chunkId, range).stream().limit(limit)
                .map(r -> new KeyedValue(Key.of(r.key()), r.hash(), value(r, column))).toList();
    }

    private List<Row> in(String chunk, KeyRange range) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.chunk().equals(chunk)
                    && (range.lower() == null || r.key() >= (Long) range.lower().values().getFirst())
                    && (range.upper() == null || r.key() < (Long) range.upper().values().getFirst())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public RowHashDigest summarize(String chunkId, KeyRange range) {
        summaries.incrementAndGet();
        queries.incrementAndGet();
        RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
        in(chunkId, range).forEach(r -> digest.add(r.hash()));
        return digest.result();
    }

    @Override
    public List<KeyedHash> rows(String chunkId, KeyRange range, int limit) {
        queries.incrementAndGet();
        return in(chunkId, range).stream().limit(limit).map(r -> new KeyedHash(Key.of(r.key()), r.hash())).toList();
    }

    @Override
    public Optional<Key> keyAt(String chunkId, KeyRange range, long offset) {
        queries.incrementAndGet();
        List<Row> in = in(chunkId, range);
        return offset < in.size() ? Optional.of(Key.of(in.get((int) offset).key())) : Optional.empty();
    }

    /** What a query engine would measure for each chunk of these rows with these amounts (absent: NULL). */
    List<ChunkMeasures> measures(Map<Long, String> amounts) {
        List<ChunkMeasures> out = new ArrayList<>();
        rows.stream().map(Row::chunk).distinct().sorted().forEach(chunk -> {
            List<Row> in = in(chunk, KeyRange.ALL);
            RowHashDigest.Accumulator digest = new RowHashDigest.Accumulator();
            in.forEach(r -> digest.add(r.hash()));
            java.math.BigDecimal sum = in.stream().map(r -> amounts.get(r.key())).filter(a -> a != null)
                    .map(java.math.BigDecimal::new).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            long nulls = in.stream().filter(r -> amounts.get(r.key()) == null).count();
            long distinct = in.stream().mapToLong(Row::key).distinct().count();
            out.add(new ChunkMeasures(chunk, in.size(), Key.of(in.getFirst().key()), Key.of(in.getLast().key()),
                    distinct, Map.of("id", 0L, "amount", nulls), Map.of("id",
                    Long.toString(in.stream().mapToLong(Row::key).sum()), "amount", sum.toPlainString()),
                    digest.result()));
        });
        return out;
    }
}
