package dev.sluice.core.validate;

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
@JsonPropertyOrder({"table", "runId", "passed", "chunks"})
public record ValidationReport(String table, String runId, boolean passed, List<ChunkReport> chunks) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ValidationReport {
        chunks = List.copyOf(chunks);
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
        return out.toString();
    }
}
