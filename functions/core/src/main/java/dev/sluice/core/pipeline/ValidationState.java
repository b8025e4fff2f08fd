package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of StartValidation and CheckValidation at {@code $.validation}: the run's validation queries by name
 * with their execution ids, whether they are still {@code RUNNING} or the run {@code PASSED}, and the key of
 * {@code validation.json} in the lake bucket.
 */
@JsonPropertyOrder({"queries", "state", "reportKey"})
public record ValidationState(Map<String, String> queries, String state, String reportKey) {

    public static final String RUNNING = "RUNNING";
    public static final String PASSED = "PASSED";

    public ValidationState {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(state, "state");
        if (!state.equals(RUNNING) && !state.equals(PASSED)) {
            throw new IllegalArgumentException("validation state must be RUNNING or PASSED, not " + state);
        }
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    }
}
