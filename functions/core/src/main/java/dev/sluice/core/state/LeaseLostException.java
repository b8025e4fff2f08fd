package dev.sluice.core.state;

/**
 * This run's lease of a table expired and another run took it over (or it was never held): the run must stop
 * before committing anything. Permanent for this run; the watermark commit's If-Match keeps the table consistent.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String table, String runId, String currentHolder) {
        super("run " + runId + " no longer holds the lease of " + table + " (" + currentHolder + "). It ran past its "
                + "lease: stop this run and start the table again; consider a longer lease duration");
    }
}
