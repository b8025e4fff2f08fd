package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.LoadInput;
import dev.sluice.core.pipeline.LoadState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.CheckLoadStep;
import dev.sluice.core.pipeline.StepName;

/** The CheckLoad step's Lambda function: {@link CheckLoadStep}. */
public final class CheckLoadHandler extends StepHandler<LoadInput, LoadState> {

    public CheckLoadHandler() {
        super(StepName.CHECK_LOAD, CheckLoadStep::new);
    }

    CheckLoadHandler(PipelineContext context) {
        super(StepName.CHECK_LOAD, CheckLoadStep::new, context);
    }
}
