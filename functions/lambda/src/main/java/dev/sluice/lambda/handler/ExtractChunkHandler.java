package dev.sluice.lambda.handler;

import dev.sluice.core.pipeline.ExtractChunkInput;
import dev.sluice.core.pipeline.ExtractChunkResult;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.ExtractChunkStep;
import dev.sluice.core.pipeline.StepName;

/** The ExtractChunk step's Lambda function: {@link ExtractChunkStep}. */
public final class ExtractChunkHandler extends StepHandler<ExtractChunkInput, ExtractChunkResult> {

    public ExtractChunkHandler() {
        super(StepName.EXTRACT_CHUNK, ExtractChunkStep::new);
    }

    ExtractChunkHandler(PipelineContext context) {
        super(StepName.EXTRACT_CHUNK, ExtractChunkStep::new, context);
    }
}
