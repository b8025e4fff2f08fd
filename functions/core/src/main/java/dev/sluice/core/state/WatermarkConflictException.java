package dev.sluice.core.state;

/**
 * The watermark of a table changed between the read that planned this run and its commit: another run committed
 * first. Permanent for this run: its window was planned from a watermark that is no longer current.
 */
public class WatermarkConflictException extends RuntimeException {

    private final String table;
    private final String expectedEtag;

    public WatermarkConflictException(String table, String expectedEtag, String key) {
        super("the watermark of " + table + " (" + key + ") changed since this run read it (expected "
                + (expectedEtag == null ? "no watermark yet" : "ETag " + expectedEtag)
                + "): another run committed first. Do not redrive this run; start a new run of the table so it "
                + "plans from the committed watermark (rows of this window are deduplicated by key downstream)");
        this.table = table;
        this.expectedEtag = expectedEtag;
    }

    public String table() {
        return table;
    }

    /** The ETag this run expected, null when it expected no watermark yet. */
    public String expectedEtag() {
        return expectedEtag;
    }
}
