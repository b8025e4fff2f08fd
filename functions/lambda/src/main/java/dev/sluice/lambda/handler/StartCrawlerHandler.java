package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.RunInput;
import dev.sluice.core.pipeline.CrawlState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.StartCrawlerStep;
import dev.sluice.core.pipeline.StepName;

/** The StartCrawler step's Lambda function: {@link StartCrawlerStep}. */
public final class StartCrawlerHandler extends StepHandler<RunInput, CrawlState> {

    public StartCrawlerHandler() {
        super(StepName.START_CRAWLER, StartCrawlerStep::new);
    }

    StartCrawlerHandler(PipelineContext context) {
        super(StepName.START_CRAWLER, StartCrawlerStep::new, context);
    }
}
