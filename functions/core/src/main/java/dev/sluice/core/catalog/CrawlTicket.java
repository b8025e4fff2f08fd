package dev.sluice.core.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * What a started crawl is recognised by when it is checked later: the crawler, and the start time of the crawl
 * that had last finished before ours was requested ({@code null} when the crawler had never run). A crawler reports
 * READY with its previous crawl's outcome for a moment after StartCrawler; only a last crawl newer than
 * {@code previousCrawlStart} is the outcome of this one. The ticket travels in the state machine's JSON.
 */
public record CrawlTicket(String crawlerName, Instant previousCrawlStart) {

    public CrawlTicket {
        Objects.requireNonNull(crawlerName, "crawlerName");
    }

    /** True when {@code lastCrawlStart} is the start of a crawl that began after this ticket was taken. */
    public boolean isNewCrawl(Instant lastCrawlStart) {
        return lastCrawlStart != null && (previousCrawlStart == null || lastCrawlStart.isAfter(previousCrawlStart));
    }
}
