package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.NotifyInput;
import dev.sluice.core.pipeline.NotifyResult;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.NotifyStep;
import dev.sluice.core.pipeline.StepName;

/** The Notify step's Lambda function: {@link NotifyStep}. */
public final class NotifyHandler extends StepHandler<NotifyInput, NotifyResult> {

    public NotifyHandler() {
        super(StepName.NOTIFY, NotifyStep::new);
    }

    NotifyHandler(PipelineContext context) {
        super(StepName.NOTIFY, NotifyStep::new, context);
    }
}
