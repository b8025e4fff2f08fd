package dev.sluice.core.catalog;

import java.util.Objects;

/**
 * Where one crawl stands.
 *
 * @param state   running, ready (the crawl succeeded) or failed
 * @param message for a failure, the crawler's own error and what to do; otherwise a short description
 */
public record CrawlStatus(State state, String message) {

    /** The states the state machine branches on. */
    public enum State {
        /** Still crawling (or stopping, or not yet started): wait and check again. */
        RUNNING,
        /** The crawl finished and succeeded: compare the schema next. */
        READY,
        /** The crawl failed or was cancelled: a permanent failure of the run. */
        FAILED
    }

    public CrawlStatus {
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }
}
