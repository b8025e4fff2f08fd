package dev.sluice.core.pipeline;

import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseLostException;
import dev.sluice.core.state.LeaseStore;
import java.util.Optional;

/** The lease checks the steps after Plan share: a run's steps only run while its execution holds the table. */
final class RunLeases {

    private RunLeases() {
    }

    /**
     * The lease of {@code run}'s table, when its execution holds it for the run (an expired lease nobody took over
     * still counts: no other run has started).
     *
     * @throws LeaseLostException when the lease was released or another execution holds it
     */
    static Lease requireHeld(LeaseStore leases, RunRef run) {
        TableRef table = TableRef.parse(run.table());
        Optional<Lease> lease = leases.read(run.source(), table).map(Lease.Held::lease);
        if (lease.isEmpty()) {
            throw new LeaseLostException(run.table(), run.runId(), "no lease exists");
        }
        Lease l = lease.get();
        if (!l.isHeldBy(run.runId(), run.executionId()) || l.released()) {
            throw new LeaseLostException(run.table(), run.runId(), (l.released() ? "released by run " : "held by run ")
                    + l.runId() + " of execution " + l.holder() + " until " + l.expiresAt());
        }
        return l;
    }
}
