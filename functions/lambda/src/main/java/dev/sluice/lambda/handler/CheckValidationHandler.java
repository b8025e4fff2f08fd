package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.ValidationInput;
import dev.sluice.core.pipeline.ValidationState;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.CheckValidationStep;
import dev.sluice.core.pipeline.StepName;

/** The CheckValidation step's Lambda function: {@link CheckValidationStep}. */
public final class CheckValidationHandler extends StepHandler<ValidationInput, ValidationState> {

    public CheckValidationHandler() {
        super(StepName.CHECK_VALIDATION, CheckValidationStep::new);
    }

    CheckValidationHandler(PipelineContext context) {
        super(StepName.CHECK_VALIDATION, CheckValidationStep::new, context);
    }
}
