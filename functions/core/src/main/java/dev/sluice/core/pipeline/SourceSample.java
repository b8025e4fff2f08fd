package dev.sluice.core.pipeline;

import dev.sluice.core.load.SluiceColumns;
import dev.sluice.core.query.RequestToken;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.validate.Key;
import dev.sluice.core.validate.KeyRangeProbe.KeyedHash;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.validate.ValidationReport.SampleCheck;
import dev.sluice.core.validate.ValidationReport.SampleDifference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source sample check: the run's sampled lake rows (chunk, key, {@code _sluice_row_hash}, from
 * {@link dev.sluice.core.validate.ValidationSql#sampleRows}) re-read from the source by key and hashed again. A key
 * the source no longer has is {@link DifferenceKind#EXTRA} (in the lake, not in the source); a key whose source row
 * hashes differently is {@link DifferenceKind#CHANGED}. A change tracking delete ({@code _sluice_op = 'D'}, when the
 * sample carries the operation) agrees when the source has no row with its key; a source row with that key is
 * {@link DifferenceKind#MISSING} (the lake says deleted, the source has it). A row changed at the source after it was extracted is a
 * difference too: the lake is then behind the source, which the next run repairs, but this run cannot prove its
 * rows and fails so the window is rerun.
 */
final class SourceSample {

    /** Keys re-read per source query. */
    static final int BATCH = 200;

    private SourceSample() {
    }

    /** The run's sample seed: non-negative and the same for every validation of the run. */
    static long seed(String runId) {
        return Long.parseLong(RequestToken.of("sample", runId).substring(0, 15), 16);
    }

    /** Compares the sampled lake rows with the source's. */
    static SampleCheck check(ResultTable sample, SourceRows source, int requested) {
        List<String> keyColumns = source.keyColumns();
        record Sampled(String chunkId, Key key, long hash, boolean deleted) {
        }
        List<Sampled> rows = new ArrayList<>();
        int chunkColumn = sample.columnIndex("chunk_id");
        int opColumn = sample.columns().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()
                .indexOf(SluiceColumns.OP);
        for (List<String> row : sample.rows()) {
            List<Object> key = new ArrayList<>(keyColumns.size());
            for (int i = 0; i < keyColumns.size(); i++) {
                key.add(ResultRows.typed(sample, row, sample.columnIndex(keyColumns.get(i))));
            }
            long hash = Long.parseLong(row.get(sample.columnIndex("_sluice_row_hash")).trim());
            boolean deleted = opColumn >= 0 && "D".equals(row.get(opColumn));
            rows.add(new Sampled(row.get(chunkColumn), new Key(key), hash, deleted));
        }
        Map<List<String>, List<Long>> atSource = new HashMap<>();
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<List<Object>> keys = rows.subList(from, Math.min(rows.size(), from + BATCH)).stream()
                    .map(r -> r.key().values()).toList();
            for (KeyedHash found : source.byKeys("sample", keys)) {
                atSource.computeIfAbsent(found.key().canonical(), k -> new ArrayList<>()).add(found.rowHash());
            }
        }
        List<SampleDifference> differences = new ArrayList<>();
        for (Sampled row : rows) {
            List<Long> hashes = atSource.get(row.key().canonical());
            if (row.deleted()) {
                if (hashes != null) {
                    differences.add(new SampleDifference(row.chunkId(), row.key().canonical(),
                            DifferenceKind.MISSING, row.hash(), hashes.getFirst()));
                }
            } else if (hashes == null) {
                differences.add(new SampleDifference(row.chunkId(), row.key().canonical(), DifferenceKind.EXTRA,
                        row.hash(), null));
            } else if (!hashes.contains(row.hash())) {
                differences.add(new SampleDifference(row.chunkId(), row.key().canonical(), DifferenceKind.CHANGED,
                        row.hash(), hashes.getFirst()));
            }
        }
        return new SampleCheck(requested, rows.size(), differences.isEmpty(), "", differences);
    }
}
