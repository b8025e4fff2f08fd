package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.RunInput;
import dev.sluice.core.pipeline.CommitResult;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.CommitStep;
import dev.sluice.core.pipeline.StepName;

/** The Commit step's Lambda function: {@link CommitStep}. */
public final class CommitHandler extends StepHandler<RunInput, CommitResult> {

    public CommitHandler() {
        super(StepName.COMMIT, CommitStep::new);
    }

    CommitHandler(PipelineContext context) {
        super(StepName.COMMIT, CommitStep::new, context);
    }
}
