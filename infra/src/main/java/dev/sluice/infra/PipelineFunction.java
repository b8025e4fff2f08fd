package dev.sluice.infra;

/**
 * The Lambda functions of the migrate-table state machine, all from the one shaded jar. Each knows its handler
 * class, its memory and timeout (defaults chosen for the work it does, below) and whether it reads the source
 * database, which puts it in the source's VPC subnets and security groups.
 *
 * <p>Sizing: Java functions get at least 512 MB (CPU scales with memory and SnapStart restores faster with it).
 * ExtractChunk streams one bounded chunk JDBC to Parquet to an S3 multipart upload: 2 GB for CPU and buffers and the
 * full 15 minutes (chunks are planned to end well inside it). Plan reads source statistics and may write a plan of
 * thousands of chunks; SealRun lists and checks every chunk manifest of a run; CheckValidation reconciles Athena
 * aggregates against all manifests: these get 1 GB and 5 minutes. The start/check steps of the crawler, Athena and
 * Redshift loops make one or two API calls each: 512 MB and 1 minute.
 */
public enum PipelineFunction {
    PLAN("Plan", "PlanHandler", 1024, 300, true),
    EXTRACT_CHUNK("ExtractChunk", "ExtractChunkHandler", 2048, 900, true),
    SEAL_RUN("SealRun", "SealRunHandler", 1024, 300, false),
    START_CRAWLER("StartCrawler", "StartCrawlerHandler", 512, 60, false),
    CHECK_CRAWLER("CheckCrawler", "CheckCrawlerHandler", 512, 60, false),
    START_VALIDATION("StartValidation", "StartValidationHandler", 512, 60, false),
    CHECK_VALIDATION("CheckValidation", "CheckValidationHandler", 1024, 300, false),
    START_LOAD("StartLoad", "StartLoadHandler", 512, 60, false),
    CHECK_LOAD("CheckLoad", "CheckLoadHandler", 512, 60, false),
    COMMIT("Commit", "CommitHandler", 512, 60, false),
    NOTIFY("Notify", "NotifyHandler", 512, 60, false);

    public static final String HANDLER_PACKAGE = "dev.sluice.lambda.handler.";

    private final String id;
    private final String handlerClass;
    private final int memoryMb;
    private final int timeoutSeconds;
    private final boolean readsSource;

    PipelineFunction(String id, String handlerClass, int memoryMb, int timeoutSeconds, boolean readsSource) {
        this.id = id;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
        this.timeoutSeconds = timeoutSeconds;
        this.readsSource = readsSource;
    }

    /** The name used in ASL placeholders, construct ids and outputs, e.g. {@code ExtractChunk}. */
    public String id() {
        return id;
    }

    /** The Lambda handler string, e.g. {@code dev.sluice.lambda.handler.PlanHandler::handleRequest}. */
    public String handler() {
        return HANDLER_PACKAGE + handlerClass + "::handleRequest";
    }

    /** The ASL placeholder this function's alias ARN substitutes, e.g. {@code ExtractChunkFunctionArn}. */
    public String placeholder() {
        return id + "FunctionArn";
    }

    public int memoryMb() {
        return memoryMb;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Whether it opens JDBC connections to the source (runs in the source's VPC, reads its secret). */
    public boolean readsSource() {
        return readsSource;
    }
}
