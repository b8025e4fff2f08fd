package dev.sluice.core.pipeline;

/**
 * The steps of one table run: one Lambda function each in AWS, one Task state each in the state machine, one
 * handler class each ({@code dev.sluice.lambda.handler.<handler>}), one name everywhere (ASL, logs, metrics,
 * notifications). {@link #placeholder()} is the ASL's {@code ${...FunctionArn}} placeholder the infra substitutes.
 */
public enum StepName {
    PLAN("Plan"),
    EXTRACT_CHUNK("ExtractChunk"),
    SEAL_RUN("SealRun"),
    START_CRAWLER("StartCrawler"),
    CHECK_CRAWLER("CheckCrawler"),
    START_VALIDATION("StartValidation"),
    CHECK_VALIDATION("CheckValidation"),
    START_LOAD("StartLoad"),
    CHECK_LOAD("CheckLoad"),
    COMMIT("Commit"),
    NOTIFY("Notify");

    private final String id;

    StepName(String id) {
        this.id = id;
    }

    /** The step's name in ASL state names, logs and notifications ({@code "ExtractChunk"}). */
    public String id() {
        return id;
    }

    /** The handler's simple class name ({@code "ExtractChunkHandler"}). */
    public String handlerClassName() {
        return id + "Handler";
    }

    /** The ASL placeholder of the step's function ARN ({@code "${ExtractChunkFunctionArn}"}). */
    public String placeholder() {
        return "${" + id + "FunctionArn}";
    }

    /** The step whose {@link #id()} is {@code id}. */
    public static StepName ofId(String id) {
        for (StepName s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no pipeline step is called " + id + "; steps are "
                + java.util.Arrays.stream(values()).map(StepName::id).toList());
    }
}
