package dev.sluice.core.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * The reconciliation of one run, kept as {@code validation.json} beside the run's manifests and printed by the CLI:
 * per chunk, each measure with its expected (manifest) and found (lake) value and a verdict, and the keys that
 * differ when they were narrowed down. The run passes only when every measure of every chunk passes.
 */
@JsonPropertyOrder({"table", "runId", "passed", "chunks", "sample"})
public record ValidationReport(String table, String runId, boolean passed, List<ChunkReport> chunks,
                               @JsonInclude(JsonInclude.Include.NON_NULL) SampleCheck sample) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ValidationReport {
        chunks = List.copyOf(chunks);
    }

    /** A report of the reconciliation alone (no source sample check). */
    public ValidationReport(String table, String runId, boolean passed, List<ChunkReport> chunks) {
        this(table, runId, passed, chunks, null);
    }

    /** This report with the source sample check: the run passes only if it passed before and the sample matches. */
    public ValidationReport withSample(SampleCheck check) {
        return new ValidationReport(table, runId, passed && (check == null || check.passed()), chunks, check);
    }

    /**
     * The source sample check: {@code requested} keys of the run's lake rows, chosen deterministically from the run,
     * re-read from the source and hashed again; each key whose source row is missing or hashes differently is a
     * difference. {@code skipped} says why no sample was taken (no key, {@code sampleSize: 0}), else empty.
     */
    @JsonPropertyOrder({"requested", "compared", "passed", "skipped", "differences"})
    public record SampleCheck(int requested, int compared, boolean passed, String skipped,
                              List<SampleDifference> differences) {
        public SampleCheck {
            skipped = skipped == null ? "" : skipped;
            differences = List.copyOf(differences);
        }

        /** A check that was not run, with the reason. */
        public static SampleCheck skipped(String reason) {
            return new SampleCheck(0, 0, true, reason, List.of());
        }
    }

    /** One sampled key whose source row is gone ({@code sourceHash} null) or hashes differently from the lake's. */
    @JsonPropertyOrder({"chunkId", "key", "kind", "lakeHash", "sourceHash"})
    public record SampleDifference(String chunkId, List<String> key, DifferenceKind kind, long lakeHash,
                                   Long sourceHash) {
        public SampleDifference {
            key = List.copyOf(key);
        }

        /** E.g. {@code chunk c1 key (42): CHANGED, lake row hash 1, source row hash 2}. */
        public String describe() {
            return "chunk " + chunkId + " key (" + String.join(", ", key) + "): " + kind + ", lake row hash "
                    + lakeHash + ", source " + (sourceHash == null ? "has no row with this key" : "row hash "
                    + sourceHash);
        }
    }

    /** PASS, FAIL, or SKIPPED (not comparable here, with the reason in the found column). */
    public enum Verdict { PASS, FAIL, SKIPPED }

    /** One measure of one chunk. */
    @JsonPropertyOrder({"measure", "expected", "found", "verdict"})
    public record Check(String measure, String expected, String found, Verdict verdict) {
    }

    /** How one key differs between the source (expected) and the lake (found). */
    public enum DifferenceKind {
        /** In the source, not in the lake. */
        MISSING,
        /** In the lake, not in the source. */
        EXTRA,
        /** More copies in the lake than in the source. */
        DUPLICATE,
        /** Same key, different row hash. */
        CHANGED
    }

    /** A key that differs, with the row hashes on each side. */
    @JsonPropertyOrder({"kind", "key", "detail"})
    public record KeyDifference(DifferenceKind kind, List<String> key, String detail) {
    }

    /** The checks of one chunk and the differing keys found for it ({@code keysComplete} false when cut short). */
    @JsonPropertyOrder({"chunkId", "passed", "checks", "keys", "keysComplete"})
    public record ChunkReport(String chunkId, boolean passed, List<Check> checks, List<KeyDifference> keys,
                              boolean keysComplete) {
        public ChunkReport {
            checks = List.copyOf(checks);
            keys = List.copyOf(keys);
        }

        public ChunkReport withKeys(List<KeyDifference> found, boolean complete) {
            return new ChunkReport(chunkId, passed, checks, found, complete);
        }
    }

    /** The failed checks of every chunk, one line each: {@code chunk c1: row_count expected 10, found 9}. */
    public List<String> failures() {
        return chunks.stream().flatMap(c -> c.checks().stream().filter(k -> k.verdict() == Verdict.FAIL)
                .map(k -> "chunk " + c.chunkId() + ": " + k.measure() + " expected " + k.expected() + ", found "
                        + k.found())).toList();
    }

    /** The sampled keys that differ from the source, one line each. */
    public List<String> sampleFailures() {
        return sample == null ? List.of() : sample.differences().stream().map(SampleDifference::describe).toList();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validation report of run " + runId + " is not serializable", e);
        }
    }

    public static ValidationReport fromJson(String json) {
        try {
            return JSON.readValue(json, ValidationReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getOriginalMessage(), e);
        }
    }

    /** The report as the CLI prints it: a header, then a table per chunk (measure, expected, found, verdict). */
    public String renderText() {
        StringBuilder out = new StringBuilder();
        out.append("Validation of ").append(table).append(" run ").append(runId).append(": ")
                .append(passed ? "PASSED" : "FAILED").append('\n');
        for (ChunkReport chunk : chunks) {
            out.append('\n').append("chunk ").append(chunk.chunkId()).append(": ")
                    .append(chunk.passed() ? "PASS" : "FAIL").append('\n');
            int w1 = "measure".length();
            int w2 = "expected".length();
            int w3 = "found".length();
            for (Check c : chunk.checks()) {
                w1 = Math.max(w1, c.measure().length());
                w2 = Math.max(w2, c.expected().length());
                w3 = Math.max(w3, c.found().length());
            }
            String format = "  %-" + w1 + "s  %-" + w2 + "s  %-" + w3 + "s  %s%n";
            out.append(String.format(format, "measure", "expected", "found", "verdict"));
            for (Check c : chunk.checks()) {
                out.append(String.format(format, c.measure(), c.expected(), c.found(), c.verdict()));
            }
            for (KeyDifference k : chunk.keys()) {
                out.append("  key (").append(String.join(", ", k.key())).append("): ").append(k.kind())
                        .append(k.detail().isEmpty() ? "" : " (" + k.detail() + ")").append('\n');
            }
            if (!chunk.keysComplete()) {
                out.append("  (more differing keys than listed; narrow the chunk's range to see the rest)\n");
            }
        }
        if (sample != null) {
            out.append('\n').append("source sample: ");
            if (!sample.skipped().isEmpty()) {
                out.append("skipped (").append(sample.skipped()).append(")\n");
            } else {
                out.append(sample.passed() ? "PASS" : "FAIL").append(", ").append(sample.compared()).append(" of ")
                        .append(sample.requested()).append(" keys compared\n");
                sample.differences().forEach(d -> out.append("  ").append(d.describe()).append('\n'));
            }
        }
        return out.toString();
    }
}
