package dev.sluice.core.state;

import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.lake.PreconditionFailedException;
import dev.sluice.core.source.TableRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run at a time per table, through {@code lease.json}. Acquire creates it with If-None-Match; an expired or
 * released lease is taken over with If-Match on the ETag that was read, so of two contenders exactly one wins.
 * Renewal and release are If-Match writes by the holder.
 *
 * <p>Release overwrites the lease with a released marker (If-Match) rather than deleting it: conditional DELETE is
 * not available everywhere (S3Proxy), an unconditional delete could remove a successor's lease, and nothing under
 * {@code _sluice} is ever deleted. A released lease counts as free.
 */
public final class LeaseStore {

    /** How often a lost race is re-evaluated before the current holder is reported. */
    private static final int ATTEMPTS = 3;

    private final ObjectStore store;
    private final LakeLayout layout;
    private final Clock clock;

    public LeaseStore(ObjectStore store, LakeLayout layout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What release found. */
    public enum Release {
        /** This call released the lease. */
        RELEASED,
        /** The lease was already released by this run (a repeated release). */
        ALREADY_RELEASED,
        /** Another run holds or held the lease since; nothing was written. */
        NOT_HELD
    }

    /** The current lease, if one was ever written. */
    public Optional<Lease.Held> read(String source, TableRef table) {
        String key = layout.lease(source, table);
        return store.get(key).map(object -> new Lease.Held(LakeJson.read(key, object.bytes(), Lease.class),
                object.etag()));
    }

    /**
     * Acquires the table's lease for {@code runId} for {@code duration}. Re-entrant for the same holder (a redriven
     * execution), which extends it; an execution runs one run of the table at a time, so when the holder re-enters
     * with another run id (its Plan step planned again) the lease moves to that run and keeps its acquisition time.
     *
     * @throws LeaseHeldException naming the holder's run id and expiry when another run holds it
     */
    public Lease.Held acquire(String source, TableRef table, String runId, String holder, Duration duration) {
        requirePositive(duration, table);
        String key = layout.lease(source, table);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Lease wanted = new Lease(table.toString(), runId, holder, now, now.plus(duration), false);
            Optional<Lease.Held> current = read(source, table);
            try {
                if (current.isEmpty()) {
                    return new Lease.Held(wanted, store.putIfAbsent(key, LakeJson.bytes(wanted), "application/json")
                            .etag());
                }
                Lease lease = current.get().lease();
                if (lease.isFreeAt(now) || lease.holder().equals(holder)) {
                    Lease next = lease.holder().equals(holder) && !lease.isFreeAt(now)
                            ? new Lease(wanted.table(), runId, holder, lease.acquiredAt(), wanted.expiresAt(), false)
                            : wanted;
                    return new Lease.Held(next, store.putIfMatch(key, LakeJson.bytes(next), "application/json",
                            current.get().etag()).etag());
                }
                throw held(table, lease);
            } catch (PreconditionFailedException lostRace) {
                // another contender wrote between our read and our write: look again
            }
        }
        Lease winner = read(source, table).orElseThrow().lease();
        throw held(table, winner);
    }

    /**
     * Extends this run's lease to {@code duration} from now.
     *
     * @throws LeaseLostException when the lease is no longer this run's
     */
    public Lease.Held renew(String source, TableRef table, String runId, String holder, Duration duration) {
        requirePositive(duration, table);
        String key = layout.lease(source, table);
        Lease.Held current = read(source, table).orElseThrow(
                () -> new LeaseLostException(table.toString(), runId, "no lease exists"));
        Lease lease = current.lease();
        if (!lease.isHeldBy(runId, holder) || lease.released()) {
            throw new LeaseLostException(table.toString(), runId, describe(lease));
        }
        Lease next = new Lease(lease.table(), runId, holder, lease.acquiredAt(), clock.instant().plus(duration), false);
        try {
            return new Lease.Held(next, store.putIfMatch(key, LakeJson.bytes(next), "application/json",
                    current.etag()).etag());
        } catch (PreconditionFailedException e) {
            throw new LeaseLostException(table.toString(), runId,
                    read(source, table).map(held -> describe(held.lease())).orElse("no lease exists"));
        }
    }

    /** Releases this run's lease (idempotent): overwrites it with a released marker if it is still ours. */
    public Release release(String source, TableRef table, String runId, String holder) {
        String key = layout.lease(source, table);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Lease.Held> current = read(source, table);
            if (current.isEmpty() || !current.get().lease().isHeldBy(runId, holder)) {
                return Release.NOT_HELD;
            }
            Lease lease = current.get().lease();
            if (lease.released()) {
                return Release.ALREADY_RELEASED;
            }
            Lease released = new Lease(lease.table(), runId, holder, lease.acquiredAt(), lease.expiresAt(), true);
            try {
                store.putIfMatch(key, LakeJson.bytes(released), "application/json", current.get().etag());
                return Release.RELEASED;
            } catch (PreconditionFailedException changed) {
                // renewed by ourselves concurrently, or taken over: look again
            }
        }
        return Release.NOT_HELD;
    }

    private static LeaseHeldException held(TableRef table, Lease lease) {
        return new LeaseHeldException(table.toString(), lease.runId(), lease.holder(), lease.expiresAt());
    }

    private static String describe(Lease lease) {
        return (lease.released() ? "released by run " : "held by run ") + lease.runId() + " until "
                + lease.expiresAt();
    }

    private static void requirePositive(Duration duration, TableRef table) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the lease duration of " + table + " must be positive, was "
                    + duration);
        }
    }
}
