package dev.sluice.core.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * The body of {@code lease.json}: which run of a table holds it, until when. A lease is free when it is
 * {@code released} or when {@code expiresAt} has passed; a free lease is taken over with If-Match on its ETag.
 *
 * @param table      {@code schema.table}
 * @param runId      the run holding the lease
 * @param holder     the execution that holds it (a Step Functions execution ARN or a local run id); a redrive of
 *                   the same execution re-enters its own lease
 * @param acquiredAt when the holder acquired it
 * @param expiresAt  when it lapses unless renewed
 * @param released   true once the holder released it
 */
@JsonPropertyOrder({"table", "runId", "holder", "acquiredAt", "expiresAt", "released"})
public record Lease(String table, String runId, String holder, Instant acquiredAt, Instant expiresAt,
        boolean released) {

    /** True when another run may take the lease at {@code now}. */
    @JsonIgnore
    public boolean isFreeAt(Instant now) {
        return released || !now.isBefore(expiresAt);
    }

    /** True when {@code runId} and {@code holder} are this lease's. */
    @JsonIgnore
    public boolean isHeldBy(String runId, String holder) {
        return this.runId.equals(runId) && this.holder.equals(holder);
    }

    /** A lease as read, with the ETag a renewal, release or takeover must match. */
    public record Held(Lease lease, String etag) {
    }
}
