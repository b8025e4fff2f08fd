package dev.sluice.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Powertools' functional logging around one Lambda invocation (request id, cold start, function name and X-Ray trace
 * id in every JSON log line; see {@code log4j2.xml}). Only loaded when the Lambda runtime passes a context, so local
 * mode, which has no Powertools logging on its class path, never touches it.
 */
final class LambdaLogging {

    private LambdaLogging() {
    }

    static <T> T with(Context context, Supplier<T> invocation) {
        return PowertoolsLogging.withLogging(context, invocation);
    }
}
