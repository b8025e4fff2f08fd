package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The result of StartCrawler and CheckCrawler at {@code $.crawl}: how the run's partition reaches the catalog
 * ({@code crawler} or {@code partitions}), the crawler and the start of its crawl that had last finished before ours
 * (ISO-8601 instant, null when the crawler had never run or in partitions mode), and whether the catalog is
 * {@code RUNNING} (wait and check again) or {@code READY} (schema checked).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"mode", "crawlerName", "previousCrawlStart", "state"})
public record CrawlState(String mode, String crawlerName, String previousCrawlStart, String state) {

    public static final String CRAWLER = "crawler";
    public static final String PARTITIONS = "partitions";
    public static final String RUNNING = "RUNNING";
    public static final String READY = "READY";

    public CrawlState {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        if (!mode.equals(CRAWLER) && !mode.equals(PARTITIONS)) {
            throw new IllegalArgumentException("crawl mode must be crawler or partitions, not " + mode);
        }
        if (!state.equals(RUNNING) && !state.equals(READY)) {
            throw new IllegalArgumentException("crawl state must be RUNNING or READY, not " + state);
        }
        if (mode.equals(CRAWLER) && (crawlerName == null || crawlerName.isBlank())) {
            throw new IllegalArgumentException("a crawl in crawler mode needs the crawler's name");
        }
    }
}
