package dev.sluice.core.query;

import java.util.Objects;

/**
 * Where one query execution stands.
 *
 * @param state        the state the state machine branches on
 * @param reason       for a failure or cancellation, the engine's reason; otherwise empty
 * @param failureClass for {@link State#FAILED}, whether a rerun can help; otherwise {@code null}
 */
public record QueryStatus(State state, String reason, FailureClass failureClass) {

    /** The states of a query. */
    public enum State {
        /** Queued or running: wait and check again. */
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    public QueryStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        if (state == State.FAILED && failureClass == null) {
            throw new IllegalArgumentException("a failed query needs a failure class");
        }
    }

    public static QueryStatus running() {
        return new QueryStatus(State.RUNNING, "", null);
    }

    public static QueryStatus succeeded() {
        return new QueryStatus(State.SUCCEEDED, "", null);
    }
}
