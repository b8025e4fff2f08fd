package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.core.source.KeyValue;
import java.util.Objects;

/**
 * The input of one execution of {@code migrate-table}: which table, and which window. The files in {@code events/}
 * are instances (validated against {@code events/run-request.schema.json}). Unknown top-level fields are ignored
 * because the state machine adds its step results beside these.
 *
 * @param source the source's name in config
 * @param table  {@code schema.table} as in config
 * @param mode   which window to run (default {@link Mode#AUTO})
 * @param from   the window's exclusive low bound, for {@link Mode#WINDOW} only (typed like the watermark column)
 * @param to     the window's inclusive high bound, for {@link Mode#WINDOW} only
 * @param reason why a manual run was started (kept in the ledger), optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRequest(String source, String table, Mode mode, KeyValue from, KeyValue to, String reason) {

    /** Which window a run covers. */
    public enum Mode {
        /** What the schedule sends: the backfill when nothing is committed, else the next incremental window. */
        @JsonProperty("auto") AUTO,
        /** Everything up to the source's current high bound, whatever is committed; commits the new high. */
        @JsonProperty("backfill") BACKFILL,
        /** The next window after the committed watermark; refused when nothing is committed yet. */
        @JsonProperty("incremental") INCREMENTAL,
        /** Exactly ({@code from}, {@code to}]: a rerun or a date-range backfill. Never moves the watermark. */
        @JsonProperty("window") WINDOW
    }

    public RunRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(table, "table");
        mode = mode == null ? Mode.AUTO : mode;
        if (mode == Mode.WINDOW && (from == null || to == null)) {
            throw new IllegalArgumentException("run of " + source + "." + table + " in mode window needs both "
                    + "\"from\" and \"to\" (typed bounds such as {\"type\":\"timestamp\",\"value\":\"2026-01-01T00:00:00\"})");
        }
        if (mode != Mode.WINDOW && (from != null || to != null)) {
            throw new IllegalArgumentException("run of " + source + "." + table + " in mode " + mode.name()
                    .toLowerCase(java.util.Locale.ROOT) + " takes no \"from\"/\"to\": use mode \"window\" to run "
                    + "explicit bounds");
        }
    }
}
