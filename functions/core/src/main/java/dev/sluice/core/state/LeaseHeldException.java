package dev.sluice.core.state;

import java.time.Instant;

/**
 * Another run holds the lease of a table: one run at a time per table. Not an error of the data; this run did
 * nothing and can start again once the holder finishes or its lease expires.
 */
public class LeaseHeldException extends RuntimeException {

    private final String table;
    private final String holderRunId;
    private final Instant expiresAt;

    public LeaseHeldException(String table, String holderRunId, String holder, Instant expiresAt) {
        super("the lease of " + table + " is held by run " + holderRunId + " (" + holder + ") until " + expiresAt
                + ": one run per table at a time. Wait for that run to finish, or after " + expiresAt
                + " start this run again; it will take over the expired lease");
        this.table = table;
        this.holderRunId = holderRunId;
        this.expiresAt = expiresAt;
    }

    public String table() {
        return table;
    }

    public String holderRunId() {
        return holderRunId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
