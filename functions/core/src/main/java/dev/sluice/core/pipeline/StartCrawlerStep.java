package dev.sluice.core.pipeline;

import dev.sluice.core.catalog.CatalogColumn;
import dev.sluice.core.catalog.CrawlTicket;
import dev.sluice.core.catalog.ExpectedTable;
import dev.sluice.core.config.CatalogMode;
import java.util.List;
import java.util.Objects;

/**
 * The StartCrawler step: brings the run's partition into the catalog. With {@code catalog: crawler} it starts the
 * table's crawler (one that is already running counts as started: the ticket waits for that crawl) and returns
 * {@code RUNNING}; CheckCrawler then waits for it. With {@code catalog: partitions} it registers the partition
 * {@code [ingest_date, run_id]} at {@code s3://<bucket>/<raw run prefix>} directly (idempotent), checks the catalog's
 * schema and returns {@code READY}.
 */
public final class StartCrawlerStep implements PipelineStep<RunInput, CrawlState> {

    private final PipelineContext context;
    private final StepSeams seams;

    public StartCrawlerStep(PipelineContext context) {
        this(context, StepSeams.REAL);
    }

    StartCrawlerStep(PipelineContext context, StepSeams seams) {
        this.context = Objects.requireNonNull(context, "context");
        this.seams = Objects.requireNonNull(seams, "seams");
    }

    @Override
    public Class<RunInput> inputType() {
        return RunInput.class;
    }

    @Override
    public CrawlState run(RunInput input) {
        SealedRun run = SealedRun.read(context, input.run());
        if (run.config().catalog() == CatalogMode.PARTITIONS) {
            RunColumns columns = RunColumns.of(context, run, seams.describer());
            ExpectedTable expected = columns.expectedTable(context, run);
            String location = "s3://" + context.layout().bucket() + "/" + run.rawRunPrefix(context);
            List<String> values = List.of(run.ingestDate().toString(), run.run().runId());
            List<CatalogColumn> dataColumns = expected.columns();
            CatalogSchema.call(run, "registering partition " + values + " of " + expected.database() + "."
                    + expected.table(), () -> {
                        context.catalog().registerPartition(expected.database(), expected.table(), values, location,
                                dataColumns);
                        return null;
                    });
            CatalogSchema.requireMatch(context, run, expected);
            return new CrawlState(CrawlState.PARTITIONS, null, null, CrawlState.READY);
        }
        String crawler = CatalogNames.crawlerName(context.config().environment().name(), run.config());
        CrawlTicket ticket = CatalogSchema.call(run, "starting crawler " + crawler,
                () -> context.catalog().startCrawl(crawler));
        return new CrawlState(CrawlState.CRAWLER, ticket.crawlerName(),
                ticket.previousCrawlStart() == null ? null : ticket.previousCrawlStart().toString(),
                CrawlState.RUNNING);
    }
}
