package dev.sluice.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.validate.KeyRangeProbe.KeyedHash;
import dev.sluice.core.validate.KeyRangeProbe.KeyedValue;
import dev.sluice.core.validate.ValidationReport.Check;
import dev.sluice.core.validate.ValidationReport.ChunkReport;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.validate.ValidationReport.KeyDifference;
import dev.sluice.core.validate.ValidationReport.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reconciles what the lake holds for a run (found: one {@link ChunkMeasures} per chunk) against what the extractor
 * recorded (expected: the chunk manifests), measure by measure, into a {@link ValidationReport}. Counts, null
 * counts, exact sums and the row hash digest must be equal; float sums (the manifest's {@code floatSums}) may differ
 * by {@link ValidationOptions#floatSumTolerance()} relative to the larger magnitude; NaN matches only NaN and an
 * infinity only the same infinity. Key min/max are compared only when every key column
 * orders the same way in every engine (numbers, dates): text keys order by the source's collation.
 *
 * <p>For a chunk whose count or digest differs, the differing keys are narrowed as data-diff does: the chunk's key
 * range is bisected with count+digest queries on both sides ({@link KeyRangeProbe}, lake and source) until a range
 * is small enough to list, then the listed keys and row hashes are compared: missing, extra, duplicated or changed.
 *
 * <p>A per-column measure (null count, sum) can differ while every row keeps its recorded hash: a value edited in the
 * lake without recomputing {@code _sluice_row_hash}. The digest bisection cannot see that, so when it names no key
 * the chunk is bisected again by the failing column: the column's row count, null count and sum over each key range
 * in the lake against the same over the source's rows, down to a listable range, whose rows are compared value by
 * value. At most {@link #MAX_COLUMNS} columns per chunk are narrowed this way, each with at most
 * {@link #COLUMN_QUERIES} lake queries (two per halving, the other half's exact totals being the difference: a
 * million-row chunk with one changed value needs about 32); a narrowing cut short leaves {@code keysComplete} false.
 * The keys are relative to the source as it is now, like the digest bisection's: a source row changed since
 * extraction is named too, and its detail says so (its row hash differs from the lake's).
 */
public final class Reconciliation {

    /** A range with at most this many rows on either side is listed rather than bisected. */
    static final int LIST_THRESHOLD = 32;
    /** At most this many differing keys are reported per chunk. */
    static final int MAX_KEYS = 50;
    /** At most this many columns of a chunk are narrowed by their values. */
    static final int MAX_COLUMNS = 2;
    /** At most this many lake queries narrow one column of one chunk. */
    static final int COLUMN_QUERIES = 48;
    /** Companion columns ({@code _sluice_offset_<col>}, ...) start with this; their source column narrows them. */
    private static final String COMPANION_PREFIX = "_sluice_";

    private final ValidationOptions options;
    private final List<String> keyColumns;
    private final Map<String, ValidatedColumn> columns = new LinkedHashMap<>();
    private final boolean keyOrderPortable;

    /**
     * @param keyColumns the primary key, in key order
     * @param columns    the lake's value columns as validation treats them
     */
    public Reconciliation(ValidationOptions options, List<String> keyColumns, List<ValidatedColumn> columns) {
        this.options = options == null ? ValidationOptions.DEFAULT : options;
        this.keyColumns = List.copyOf(keyColumns);
        columns.forEach(c -> this.columns.put(c.name(), c));
        this.keyOrderPortable = !keyColumns.isEmpty() && keyColumns.stream()
                .allMatch(k -> this.columns.containsKey(k) && this.columns.get(k).orderPortable());
    }

    /** The report of comparing manifests with measures, without narrowing keys. */
    public ValidationReport reconcile(String table, String runId, List<ChunkManifest> expected,
                                      List<ChunkMeasures> found) {
        return reconcile(table, runId, expected, found, null, null);
    }

    /**
     * The report of comparing manifests with measures; for a chunk whose rows differ, the differing keys found by
     * bisecting with {@code lake} and {@code source} (both null: not narrowed).
     */
    public ValidationReport reconcile(String table, String runId, List<ChunkManifest> expected,
                                      List<ChunkMeasures> found, KeyRangeProbe lake, KeyRangeProbe source) {
        Map<String, ChunkMeasures> byChunk = new TreeMap<>();
        found.forEach(m -> byChunk.put(m.chunkId(), m));
        List<ChunkReport> chunks = new ArrayList<>();
        for (ChunkManifest manifest : expected.stream()
                .sorted(java.util.Comparator.comparing(ChunkManifest::chunkId)).toList()) {
            ChunkMeasures measures = byChunk.remove(manifest.chunkId());
            ChunkReport report = measures == null ? absent(manifest) : compare(manifest, measures);
            if (!report.passed() && lake != null && source != null && rowsDiffer(report)) {
                List<KeyDifference> keys = new ArrayList<>();
                boolean complete = locate(manifest.chunkId(), KeyRange.ALL, lake, source, keys, 0);
                if (keys.isEmpty()) {
                    complete = narrowColumns(manifest.chunkId(), report, lake, source, keys) && complete;
                }
                report = report.withKeys(keys, complete);
            }
            chunks.add(report);
        }
        for (ChunkMeasures extra : byChunk.values()) {
            chunks.add(new ChunkReport(extra.chunkId(), false, List.of(new Check("chunk_present", "no (no manifest)",
                    "yes, " + extra.rowCount() + " rows", Verdict.FAIL)), List.of(), true));
        }
        boolean passed = chunks.stream().allMatch(ChunkReport::passed);
        return new ValidationReport(table, runId, passed, chunks);
    }

    private ChunkReport absent(ChunkManifest manifest) {
        boolean ok = manifest.rowCount() == 0;
        return new ChunkReport(manifest.chunkId(), ok, List.of(new Check("row_count",
                Long.toString(manifest.rowCount()), "0 (no rows in the lake)", ok ? Verdict.PASS : Verdict.FAIL)),
                List.of(), true);
    }

    private static boolean rowsDiffer(ChunkReport report) {
        return report.checks().stream().anyMatch(c -> c.verdict() == Verdict.FAIL);
    }

    private ChunkReport compare(ChunkManifest m, ChunkMeasures f) {
        List<Check> checks = new ArrayList<>();
        checks.add(equal("row_count", Long.toString(m.rowCount()), Long.toString(f.rowCount())));
        if (!keyColumns.isEmpty()) {
            if (keyOrderPortable && m.keyMin() != null) {
                checks.add(equal("key_min", keyText(m.keyMin()), f.keyMin().display()));
                checks.add(equal("key_max", keyText(m.keyMax()), f.keyMax().display()));
            } else {
                checks.add(new Check("key_min/key_max", "-", "not compared: text keys order by the source's"
                        + " collation", Verdict.SKIPPED));
            }
            if (f.distinctKeys() != null) {
                checks.add(equal("duplicate_keys", "0", Long.toString(f.rowCount() - f.distinctKeys())));
            }
        }
        for (Map.Entry<String, Long> nulls : m.nullCounts().entrySet()) {
            Long value = f.nullCounts().get(nulls.getKey());
            checks.add(equal("nulls(" + nulls.getKey() + ")", nulls.getValue().toString(),
                    value == null ? "column absent" : value.toString()));
        }
        for (Map.Entry<String, String> sum : m.sums().entrySet()) {
            checks.add(sum(sum.getKey(), sum.getValue(), f.sums().get(sum.getKey())));
        }
        for (Map.Entry<String, String> sum : m.floatSums().entrySet()) {
            checks.add(floatSum(sum.getKey(), sum.getValue(), f.sums().get(sum.getKey())));
        }
        RowHashDigest e = m.rowHashDigest();
        RowHashDigest d = f.digest();
        checks.add(equal("row_hash_digest", "sum " + e.sum() + " xor " + e.xor(), "sum " + d.sum() + " xor "
                + d.xor()));
        boolean passed = checks.stream().noneMatch(c -> c.verdict() == Verdict.FAIL);
        return new ChunkReport(m.chunkId(), passed, checks, List.of(), true);
    }

    private static Check sum(String column, String expected, String found) {
        String measure = "sum(" + column + ")";
        if (found == null) {
            return new Check(measure, expected, "column absent", Verdict.FAIL);
        }
        boolean ok = new BigDecimal(expected).compareTo(new BigDecimal(found)) == 0;
        return new Check(measure, expected, found, ok ? Verdict.PASS : Verdict.FAIL);
    }

    private Check floatSum(String column, String expected, String found) {
        String measure = "float_sum(" + column + ")";
        if (found == null) {
            return new Check(measure, expected, "column absent", Verdict.FAIL);
        }
        double e;
        double f;
        try {
            e = Double.parseDouble(expected);
            f = Double.parseDouble(found);
        } catch (NumberFormatException x) {
            return new Check(measure, expected, found + " (not a number)", Verdict.FAIL);
        }
        return new Check(measure, expected, found,
                withinTolerance(e, f, options.floatSumTolerance()) ? Verdict.PASS : Verdict.FAIL);
    }

    /**
     * Whether two double sums agree: {@code |a-b| <= tolerance * max(|a|, |b|, MIN_NORMAL)}; NaN equals only NaN,
     * an infinity only the same infinity.
     */
    static boolean withinTolerance(double a, double b, double tolerance) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), Double.MIN_NORMAL);
        return Math.abs(a - b) <= tolerance * scale;
    }

    private static Check equal(String measure, String expected, String found) {
        return new Check(measure, expected, found, Objects.equals(expected, found) ? Verdict.PASS : Verdict.FAIL);
    }

    /** The canonical text of a manifest key bound: a JSON array of values or of {type, value}, or one value. */
    static String keyText(JsonNode node) {
        if (node == null) {
            return "null";
        }
        List<Object> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(scalar(v)));
        } else if (node.isObject() && !node.has("value")) {
            node.forEach(v -> values.add(scalar(v)));
        } else {
            values.add(scalar(node));
        }
        return new Key(values).display();
    }

    private static Object scalar(JsonNode v) {
        if (v.isObject() && v.has("value")) {
            return v.get("value").asText();
        }
        return v.isNull() ? null : v.asText();
    }

    /**
     * Bisects {@code range} of chunk {@code chunkId} until the differing keys are listed; adds them to {@code out}.
     * Returns false when the report had to stop short ({@link #MAX_KEYS} reached or a range could not be split).
     */
    private boolean locate(String chunkId, KeyRange range, KeyRangeProbe lake, KeyRangeProbe source,
                           List<KeyDifference> out, int depth) {
        if (out.size() >= MAX_KEYS) {
            return false;
        }
        RowHashDigest l = lake.summarize(chunkId, range);
        RowHashDigest s = source.summarize(chunkId, range);
        if (l.equals(s)) {
            return true;
        }
        long larger = Math.max(l.count(), s.count());
        if (larger <= LIST_THRESHOLD || depth >= 64) {
            return compareRows(chunkId, range, lake, source, out);
        }
        KeyRangeProbe bigger = l.count() >= s.count() ? lake : source;
        Optional<Key> middle = bigger.keyAt(chunkId, range, larger / 2);
        if (middle.isEmpty() || (range.lower() != null
                && middle.get().canonical().equals(range.lower().canonical()))) {
            return compareRows(chunkId, range, lake, source, out); // one key holds most rows: list them
        }
        boolean left = locate(chunkId, new KeyRange(range.lower(), middle.get()), lake, source, out, depth + 1);
        boolean right = locate(chunkId, new KeyRange(middle.get(), range.upper()), lake, source, out, depth + 1);
        return left && right;
    }

    private boolean compareRows(String chunkId, KeyRange range, KeyRangeProbe lake, KeyRangeProbe source,
                                List<KeyDifference> out) {
        int limit = LIST_THRESHOLD * 4;
        List<KeyedHash> lakeRows = lake.rows(chunkId, range, limit + 1);
        List<KeyedHash> sourceRows = source.rows(chunkId, range, limit + 1);
        boolean complete = lakeRows.size() <= limit && sourceRows.size() <= limit;
        Map<List<String>, List<Long>> inLake = group(lakeRows);
        Map<List<String>, List<Long>> inSource = group(sourceRows);
        TreeSet<List<String>> keys = new TreeSet<>(Reconciliation::compareKeys);
        keys.addAll(inLake.keySet());
        keys.addAll(inSource.keySet());
        for (Iterator<List<String>> it = keys.iterator(); it.hasNext() && out.size() < MAX_KEYS; ) {
            List<String> key = it.next();
            List<Long> l = inLake.getOrDefault(key, List.of());
            List<Long> s = inSource.getOrDefault(key, List.of());
            if (l.isEmpty()) {
                out.add(new KeyDifference(DifferenceKind.MISSING, key, "source row hash " + s.getFirst()));
            } else if (s.isEmpty()) {
                out.add(new KeyDifference(DifferenceKind.EXTRA, key, "lake row hash " + l.getFirst()));
            } else if (l.size() > s.size()) {
                out.add(new KeyDifference(DifferenceKind.DUPLICATE, key, l.size() + " copies in the lake, "
                        + s.size() + " in the source"));
            } else if (!l.stream().sorted().toList().equals(s.stream().sorted().toList())) {
                out.add(new KeyDifference(DifferenceKind.CHANGED, key, "row hash " + s + " in the source, " + l
                        + " in the lake"));
            } else if (l.size() < s.size()) {
                out.add(new KeyDifference(DifferenceKind.MISSING, key, (s.size() - l.size())
                        + " of " + s.size() + " copies missing from the lake"));
            }
        }
        return complete && out.size() < MAX_KEYS;
    }

    private static Map<List<String>, List<Long>> group(List<KeyedHash> rows) {
        Map<List<String>, List<Long>> grouped = new LinkedHashMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(r.key().canonical(), k -> new ArrayList<>()).add(r.rowHash()));
        return grouped;
    }

    /**
     * Narrows the chunk by each column whose null count or sum failed (at most {@link #MAX_COLUMNS}); adds the keys
     * whose value differs to {@code out}. Returns false when a column could not be narrowed completely.
     */
    private boolean narrowColumns(String chunkId, ChunkReport report, KeyRangeProbe lake, KeyRangeProbe source,
                                  List<KeyDifference> out) {
        Map<String, List<String>> failed = new LinkedHashMap<>();
        for (Check check : report.checks()) {
            String column = measuredColumn(check.measure());
            if (check.verdict() == Verdict.FAIL && column != null) {
                failed.computeIfAbsent(column, c -> new ArrayList<>()).add(check.measure());
            }
        }
        boolean complete = true;
        int narrowed = 0;
        for (Map.Entry<String, List<String>> entry : failed.entrySet()) {
            ValidatedColumn column = columns.get(entry.getKey());
            if (column == null || column.name().startsWith(COMPANION_PREFIX)) {
                complete = false; // a companion differs only with its value column, or the column is not known here
                continue;
            }
            if (narrowed == MAX_COLUMNS || out.size() >= MAX_KEYS) {
                return false;
            }
            narrowed++;
            ColumnNarrowing narrowing = new ColumnNarrowing(chunkId, column, String.join(" and ", entry.getValue()),
                    lake, source, out);
            boolean done = narrowing.bisect(KeyRange.ALL, null, 0);
            complete = complete && done && narrowing.found > 0;
        }
        return complete;
    }

    /** The column of a {@code nulls(c)}, {@code sum(c)} or {@code float_sum(c)} check, else null. */
    static String measuredColumn(String measure) {
        for (String prefix : List.of("nulls(", "sum(", "float_sum(")) {
            if (measure.startsWith(prefix) && measure.endsWith(")")) {
                return measure.substring(prefix.length(), measure.length() - 1);
            }
        }
        return null;
    }

    /**
     * One column's bisection of one chunk: a range whose lake totals ({@link KeyRangeProbe#totals}) differ from the
     * source's is halved at its middle key until it is small enough to list, then its rows are compared by value.
     */
    private final class ColumnNarrowing {
        private final String chunkId;
        private final ValidatedColumn column;
        private final String measures;
        private final KeyRangeProbe lake;
        private final KeyRangeProbe source;
        private final List<KeyDifference> out;
        private int queries;
        /** Keys found whose value differs (also those already listed by the digest narrowing). */
        int found;

        ColumnNarrowing(String chunkId, ValidatedColumn column, String measures, KeyRangeProbe lake,
                        KeyRangeProbe source, List<KeyDifference> out) {
            this.chunkId = chunkId;
            this.column = column;
            this.measures = measures;
            this.lake = lake;
            this.source = source;
            this.out = out;
        }

        /** Spends one lake query of the budget; false when it is spent. */
        private boolean spend() {
            return queries++ < COLUMN_QUERIES;
        }

        /**
         * Bisects {@code range}; {@code lakeTotals} are its lake totals when already known (the parent's minus the
         * left half's, for exact totals), else null.
         */
        boolean bisect(KeyRange range, ColumnTotals lakeTotals, int depth) {
            if (out.size() >= MAX_KEYS || (lakeTotals == null && !spend())) {
                return false;
            }
            ColumnTotals l = lakeTotals != null ? lakeTotals : lake.totals(chunkId, range, column);
            ColumnTotals s = source.totals(chunkId, range, column);
            if (l.matches(s, column, options.floatSumTolerance())) {
                return true;
            }
            long larger = Math.max(l.rowCount(), s.rowCount());
            if (larger <= LIST_THRESHOLD || depth >= 64) {
                return list(range);
            }
            KeyRangeProbe bigger = l.rowCount() >= s.rowCount() ? lake : source;
            if (bigger == lake && !spend()) {
                return false;
            }
            Optional<Key> middle = bigger.keyAt(chunkId, range, larger / 2);
            if (middle.isEmpty() || (range.lower() != null
                    && middle.get().canonical().equals(range.lower().canonical()))) {
                return list(range); // one key holds most rows: list them
            }
            KeyRange lower = new KeyRange(range.lower(), middle.get());
            KeyRange upper = new KeyRange(middle.get(), range.upper());
            if (out.size() >= MAX_KEYS || !spend()) {
                return false;
            }
            ColumnTotals lowerTotals = lake.totals(chunkId, lower, column);
            boolean left = bisect(lower, lowerTotals, depth + 1);
            boolean right = bisect(upper, l.minus(lowerTotals, column), depth + 1);
            return left && right;
        }

        private boolean list(KeyRange range) {
            if (!spend()) {
                return false;
            }
            int limit = LIST_THRESHOLD * 4;
            List<KeyedValue> lakeRows = lake.values(chunkId, range, column, limit + 1);
            List<KeyedValue> sourceRows = source.values(chunkId, range, column, limit + 1);
            boolean complete = lakeRows.size() <= limit && sourceRows.size() <= limit;
            Map<List<String>, List<KeyedValue>> inLake = groupValues(lakeRows);
            Map<List<String>, List<KeyedValue>> inSource = groupValues(sourceRows);
            TreeSet<List<String>> keys = new TreeSet<>(Reconciliation::compareKeys);
            keys.addAll(inLake.keySet());
            keys.addAll(inSource.keySet());
            for (List<String> key : keys) {
                List<KeyedValue> l = inLake.getOrDefault(key, List.of());
                List<KeyedValue> s = inSource.getOrDefault(key, List.of());
                KeyDifference difference = difference(key, l, s);
                if (difference == null) {
                    continue;
                }
                found++;
                if (out.stream().noneMatch(k -> k.key().equals(key))) {
                    if (out.size() >= MAX_KEYS) {
                        return false;
                    }
                    out.add(difference);
                }
            }
            return complete;
        }

        /** How the rows of one key differ in this column, or null when they do not. */
        private KeyDifference difference(List<String> key, List<KeyedValue> l, List<KeyedValue> s) {
            String prefix = measures + ": ";
            if (l.isEmpty()) {
                return new KeyDifference(DifferenceKind.MISSING, key, prefix + "not in the lake; " + column.name()
                        + " " + shown(s) + " in the source");
            }
            if (s.isEmpty()) {
                return new KeyDifference(DifferenceKind.EXTRA, key, prefix + "not in the source; " + column.name()
                        + " " + shown(l) + " in the lake");
            }
            if (l.size() != s.size()) {
                return new KeyDifference(l.size() > s.size() ? DifferenceKind.DUPLICATE : DifferenceKind.MISSING,
                        key, prefix + l.size() + " copies in the lake, " + s.size() + " in the source");
            }
            List<String> lv = sortedValues(l);
            List<String> sv = sortedValues(s);
            boolean same = true;
            for (int i = 0; i < lv.size(); i++) {
                same = same && column.sameValue(lv.get(i), sv.get(i));
            }
            if (same) {
                return null;
            }
            List<Long> lh = l.stream().map(KeyedValue::rowHash).sorted().toList();
            List<Long> sh = s.stream().map(KeyedValue::rowHash).sorted().toList();
            String hashes = lh.equals(sh)
                    ? "row hash " + hashText(lh) + " in both: the lake's value was changed after it was written"
                    + " (its _sluice_row_hash was not)"
                    : "row hash " + hashText(sh) + " in the source, " + hashText(lh) + " in the lake: the row"
                    + " changed at the source since extraction, or was rewritten in the lake";
            return new KeyDifference(DifferenceKind.CHANGED, key, prefix + column.name() + " " + shown(s)
                    + " in the source, " + shown(l) + " in the lake; " + hashes);
        }

        private String shown(List<KeyedValue> rows) {
            List<String> values = sortedValues(rows).stream().map(column::display).toList();
            return values.size() == 1 ? values.getFirst() : values.toString();
        }

        private List<String> sortedValues(List<KeyedValue> rows) {
            List<String> values = new ArrayList<>();
            rows.forEach(r -> values.add(r.value()));
            values.sort(java.util.Comparator.nullsFirst(Reconciliation::compareValues));
            return values;
        }
    }

    private static String hashText(List<Long> hashes) {
        return hashes.size() == 1 ? hashes.getFirst().toString() : hashes.toString();
    }

    private static Map<List<String>, List<KeyedValue>> groupValues(List<KeyedValue> rows) {
        Map<List<String>, List<KeyedValue>> grouped = new LinkedHashMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(r.key().canonical(), k -> new ArrayList<>()).add(r));
        return grouped;
    }

    /** Orders two canonical values numerically when both are numbers, else as text. */
    private static int compareValues(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /** Orders canonical keys numerically where both values are numbers, else as text (for report order only). */
    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c;
            try {
                c = new BigDecimal(a.get(i)).compareTo(new BigDecimal(b.get(i)));
            } catch (NumberFormatException e) {
                c = a.get(i).compareTo(b.get(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
