package dev.sluice.core.warehouse;

import dev.sluice.core.query.FailureClass;

import java.util.List;
import java.util.Objects;

/**
 * Where one batch stands.
 *
 * @param state         what the state machine branches on
 * @param runnerStatus  the runner's own status text (e.g. {@code PICKED}, {@code ABORTED})
 * @param subStatements the batch's statements with their row counts (complete once FINISHED)
 * @param error         for a failure, the error with what to do; otherwise empty
 * @param failureClass  for a failure, whether a rerun can help; otherwise {@code null}
 */
public record StatementStatus(State state, String runnerStatus, List<SubStatement> subStatements, String error,
        FailureClass failureClass) {

    /** The states of a batch. */
    public enum State {
        /** Submitted, picked or started: wait and check again. */
        RUNNING,
        /** Every statement finished and the transaction committed. */
        FINISHED,
        /** A statement failed or the batch was aborted; the transaction rolled back. */
        FAILED
    }

    public StatementStatus {
        Objects.requireNonNull(state, "state");
        subStatements = List.copyOf(subStatements);
        error = error == null ? "" : error;
        if (state == State.FAILED && failureClass == null) {
            throw new IllegalArgumentException("a failed batch needs a failure class");
        }
    }
}
