package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.RunInput;
import dev.sluice.core.pipeline.SealRunResult;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.SealRunStep;
import dev.sluice.core.pipeline.StepName;

/** The SealRun step's Lambda function: {@link SealRunStep}. */
public final class SealRunHandler extends StepHandler<RunInput, SealRunResult> {

    public SealRunHandler() {
        super(StepName.SEAL_RUN, SealRunStep::new);
    }

    SealRunHandler(PipelineContext context) {
        super(StepName.SEAL_RUN, SealRunStep::new, context);
    }
}
