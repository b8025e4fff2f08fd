package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.Set;

/**
 * The result of StartLoad and CheckLoad at {@code $.load}: the warehouse batch's statement id, whether it is
 * {@code RUNNING}, {@code LOADED} (the run is in the load ledger; {@code load.json} written) or {@code SKIPPED} (no
 * warehouse in config, or no target for the table), and the key of {@code load.json}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"statementId", "state", "reportKey"})
public record LoadState(String statementId, String state, String reportKey) {

    public static final String RUNNING = "RUNNING";
    public static final String LOADED = "LOADED";
    public static final String SKIPPED = "SKIPPED";

    public LoadState {
        Objects.requireNonNull(state, "state");
        if (!Set.of(RUNNING, LOADED, SKIPPED).contains(state)) {
            throw new IllegalArgumentException("load state must be RUNNING, LOADED or SKIPPED, not " + state);
        }
        if (state.equals(RUNNING) && (statementId == null || statementId.isBlank())) {
            throw new IllegalArgumentException("a running load needs its statement id");
        }
    }
}
