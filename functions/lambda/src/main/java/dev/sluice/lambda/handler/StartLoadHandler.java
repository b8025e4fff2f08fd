package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.RunInput;
import dev.sluice.core.pipeline.LoadState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.StartLoadStep;
import dev.sluice.core.pipeline.StepName;

/** The StartLoad step's Lambda function: {@link StartLoadStep}. */
public final class StartLoadHandler extends StepHandler<RunInput, LoadState> {

    public StartLoadHandler() {
        super(StepName.START_LOAD, StartLoadStep::new);
    }

    StartLoadHandler(PipelineContext context) {
        super(StepName.START_LOAD, StartLoadStep::new, context);
    }
}
