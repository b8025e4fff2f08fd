package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.CrawlInput;
import dev.sluice.core.pipeline.CrawlState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.CheckCrawlerStep;
import dev.sluice.core.pipeline.StepName;

/** The CheckCrawler step's Lambda function: {@link CheckCrawlerStep}. */
public final class CheckCrawlerHandler extends StepHandler<CrawlInput, CrawlState> {

    public CheckCrawlerHandler() {
        super(StepName.CHECK_CRAWLER, CheckCrawlerStep::new);
    }

    CheckCrawlerHandler(PipelineContext context) {
        super(StepName.CHECK_CRAWLER, CheckCrawlerStep::new, context);
    }
}
