package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The Commit step's result ({@code $.commit}).
 *
 * @param watermarkMoved true when the table's watermark now records this run (moved by this or an earlier attempt);
 *                       false for {@code window} runs, which never move it
 * @param ledgerKey      the key of the run ledger entry of this attempt
 */
@JsonPropertyOrder({"watermarkMoved", "ledgerKey"})
public record CommitResult(boolean watermarkMoved, String ledgerKey) {
}
