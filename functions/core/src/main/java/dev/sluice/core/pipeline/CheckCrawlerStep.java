package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.CrawlStatus;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.failure.ConfigurationFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The CheckCrawler step: where the crawl of {@code $.crawl} stands. Running: {@code RUNNING} again (the state
 * machine waits and checks again). Failed: a {@link ConfigurationFailure} with the crawler's own message (a crawler
 * fails on its role, target or configuration, which retrying does not change). Ready: the catalog's table is
 * compared with the type mapping; a difference is a schema drift failure naming the column. In partitions mode the
 * schema is checked again (the partition was registered by StartCrawler).
 */
public final class CheckCrawlerStep implements PipelineStep<CrawlInput, CrawlState> {

    private final PipelineContext context;
    private final StepSeams seams;

    public CheckCrawlerStep(PipelineContext context) {
        this(context, StepSeams.REAL);
    }

    CheckCrawlerStep(PipelineContext context, StepSeams seams) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
    }

    @Override
    public Class<CrawlInput> inputType() {
        return CrawlInput.class;
    }

    @Override
    public CrawlState run(CrawlInput input) {
        SealedRun run = SealedRun.read(context, input.run());
        CrawlState crawl = input.crawl();
        if (crawl.mode().equals(CrawlState.CRAWLER)) {
            CrawlTicket ticket = new CrawlTicket(crawl.crawlerName(), instant(run, crawl.previousCrawlStart()));
            CrawlStatus status = CatalogSchema.call(run, "checking crawler " + crawl.crawlerName(),
                    () -> context.catalog().checkCrawl(ticket));
            switch (status.state()) {
                case RUNNING -> {
                    return new CrawlState(crawl.mode(), crawl.crawlerName(), crawl.previousCrawlStart(),
                            CrawlState.RUNNING);
                }
                case FAILED -> throw new ConfigurationFailure("crawler " + crawl.crawlerName() + " failed for "
                        + run.where() + ": " + status.message() + " -- fix the crawler (role, target path,"
                        + " configuration) or set catalog: partitions for the table, redeploy and start a new"
                        + " execution");
                case READY -> { }
            }
        }
        RunColumns columns = RunColumns.of(context, run, seams.describer());
        CatalogSchema.requireMatch(context, run, columns.expectedTable(context, run));
        return new CrawlState(crawl.mode(), crawl.crawlerName(), crawl.previousCrawlStart(), CrawlState.READY);
    }

    private static Instant instant(SealedRun run, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigurationFailure(run.where() + ": $.crawl.previousCrawlStart '" + text + "' is not an"
                    + " ISO-8601 instant; the state document was edited: start a new execution", e);
        }
    }
}
