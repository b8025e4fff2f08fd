package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The Notify step's result: the published message's id (success), or on a redrive of NotifyFailure the step the
 * execution resumes at ({@code $.resume.resumeAt}); the other field is null.
 */
@JsonPropertyOrder({"messageId", "resumeAt"})
public record NotifyResult(String messageId, String resumeAt) {
}
