package dev.sluice.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/** The input of CheckCrawler: {@code {"run": <RunRef>, "crawl": <CrawlState>}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CrawlInput(RunRef run, CrawlState crawl) {

    public CrawlInput {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(crawl, "crawl");
    }
}
