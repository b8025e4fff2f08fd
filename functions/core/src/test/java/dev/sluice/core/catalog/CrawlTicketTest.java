package dev.sluice.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrawlTicketTest {

    private static final Instant PREVIOUS = Instant.parse("2026-11-21T02:00:00Z");

    @Test
    void onlyACrawlStartedAfterThePreviousOneIsOurs() {
        CrawlTicket ticket = new CrawlTicket("sluice-dev-sales-orders", PREVIOUS);

        assertThat(ticket.isNewCrawl(PREVIOUS)).isFalse();
        assertThat(ticket.isNewCrawl(PREVIOUS.minusSeconds(60))).isFalse();
        assertThat(ticket.isNewCrawl(PREVIOUS.plusSeconds(1))).isTrue();
        assertThat(ticket.isNewCrawl(null)).isFalse();
    }

    @Test
    void aCrawlerThatNeverRanTakesAnyCrawlAsOurs() {
        CrawlTicket ticket = new CrawlTicket("sluice-dev-sales-orders", null);

        assertThat(ticket.isNewCrawl(PREVIOUS)).isTrue();
        assertThat(ticket.isNewCrawl(null)).isFalse();
    }
}
