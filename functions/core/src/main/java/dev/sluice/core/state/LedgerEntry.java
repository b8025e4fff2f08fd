package dev.sluice.core.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One line of the run ledger: one attempt of one run of one table, flat and typed so Athena (JSON SerDe) reads the
 * ledger as a table. Instants are ISO-8601 strings ({@code from_iso8601_timestamp} in Athena); window bounds are the
 * watermark's own text (timestamps, rowversions or keys), null for a full run.
 *
 * @param runId        the run (derived from table, mode and window)
 * @param source       source name
 * @param table        {@code schema.table}
 * @param mode         the watermark mode or {@code backfill}
 * @param windowLow    exclusive lower bound of the window
 * @param windowHigh   inclusive upper bound of the window
 * @param rows         rows extracted
 * @param bytes        Parquet bytes written
 * @param chunks       chunks extracted
 * @param status       {@code SUCCEEDED} or {@code FAILED}
 * @param failureClass on failure, the failure class on-call reads (null on success)
 * @param startedAt    when the attempt started (its lease acquisition)
 * @param endedAt      when it ended
 */
@JsonPropertyOrder({"runId", "source", "table", "mode", "windowLow", "windowHigh", "rows", "bytes", "chunks",
        "status", "failureClass", "startedAt", "endedAt"})
public record LedgerEntry(
        String runId,
        String source,
        String table,
        String mode,
        String windowLow,
        String windowHigh,
        long rows,
        long bytes,
        int chunks,
        String status,
        String failureClass,
        Instant startedAt,
        Instant endedAt) {

    /** The attempt's key part: its start instant in a key-safe basic ISO form, e.g. {@code 20260101T020304.005Z}. */
    @JsonIgnore
    public String attempt() {
        return startedAt.toString().replace("-", "").replace(":", "");
    }
}
