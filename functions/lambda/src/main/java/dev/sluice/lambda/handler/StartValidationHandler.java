package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.RunInput;
import dev.sluice.core.pipeline.ValidationState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.StartValidationStep;
import dev.sluice.core.pipeline.StepName;

/** The StartValidation step's Lambda function: {@link StartValidationStep}. */
public final class StartValidationHandler extends StepHandler<RunInput, ValidationState> {

    public StartValidationHandler() {
        super(StepName.START_VALIDATION, StartValidationStep::new);
    }

    StartValidationHandler(PipelineContext context) {
        super(StepName.START_VALIDATION, StartValidationStep::new, context);
    }
}
