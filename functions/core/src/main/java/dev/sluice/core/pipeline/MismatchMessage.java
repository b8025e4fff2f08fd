package dev.sluice.core.pipeline;

import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationReport.ChunkReport;
import dev.sluice.core.validate.ValidationReport.KeyDifference;
import java.util.ArrayList;
import java.util.List;

/**
 * What on-call reads of a failed validation in the failure notification: each failed measure with the chunk, both
 * values and the differing keys found for it, then the source sample's differing keys, cut to a few lines (the
 * report has everything).
 */
final class MismatchMessage {

    private MismatchMessage() {
    }

    /** At most {@code max} lines describing the report's failures. */
    static List<String> lines(ValidationReport report, int max) {
        List<String> lines = new ArrayList<>();
        for (ChunkReport chunk : report.chunks()) {
            chunk.checks().stream().filter(c -> c.verdict() == ValidationReport.Verdict.FAIL)
                    .forEach(c -> lines.add("chunk " + chunk.chunkId() + ": " + c.measure() + " expected "
                            + c.expected() + " (manifest), found " + c.found() + " (lake)"));
            List<KeyDifference> keys = chunk.keys();
            if (!keys.isEmpty()) {
                List<String> shown = keys.stream().limit(5).map(k -> "(" + String.join(", ", k.key()) + ") "
                        + k.kind() + (k.detail().isEmpty() ? "" : " [" + k.detail() + "]")).toList();
                lines.add("chunk " + chunk.chunkId() + " keys: " + String.join(", ", shown)
                        + (keys.size() > shown.size() || !chunk.keysComplete() ? " and more" : ""));
            }
        }
        if (report.sample() != null) {
            report.sample().differences().forEach(d -> lines.add("source sample " + d.describe()));
        }
        if (lines.size() > max) {
            int rest = lines.size() - max;
            List<String> cut = new ArrayList<>(lines.subList(0, max));
            cut.add("... " + rest + " more");
            return cut;
        }
        return lines;
    }
}
