package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A run outcome for people: the subject line (SNS subjects are at most 100 characters) and the body, plus the
 * structured fields subscribers filter on.
 *
 * @param outcome      {@code SUCCEEDED}, {@code NOTHING_NEW} or {@code FAILED}
 * @param source       the source's name
 * @param table        {@code schema.table}
 * @param runId        the run, when one was planned
 * @param step         the failed step's {@link StepName#id()}, for failures
 * @param failureClass the failure's {@link dev.sluice.core.failure.FailureClass#label()}, for failures
 * @param safeAction   the one safe action, for failures
 * @param subject      one line, at most 100 characters
 * @param body         the readable message (what happened, where to look, what to do, the runbook link)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"outcome", "source", "table", "runId", "step", "failureClass", "safeAction", "subject", "body"})
public record Notification(String outcome, String source, String table, String runId, String step,
                           String failureClass, String safeAction, String subject, String body) {

    /** The longest subject SNS accepts. */
    public static final int MAX_SUBJECT = 100;

    public Notification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (subject.length() > MAX_SUBJECT || subject.contains("\n")) {
            throw new IllegalArgumentException("notification subject must be one line of at most " + MAX_SUBJECT
                    + " characters: " + subject);
        }
    }
}
