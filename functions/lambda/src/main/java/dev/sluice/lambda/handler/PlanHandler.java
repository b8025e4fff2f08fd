package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.PlanInput;
import dev.sluice.core.pipeline.PlanResult;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PlanStep;
import dev.sluice.core.pipeline.StepName;

/** The Plan step's Lambda function: {@link PlanStep}. */
public final class PlanHandler extends StepHandler<PlanInput, PlanResult> {

    public PlanHandler() {
        super(StepName.PLAN, PlanStep::new);
    }

    PlanHandler(PipelineContext context) {
        super(StepName.PLAN, PlanStep::new, context);
    }
}
