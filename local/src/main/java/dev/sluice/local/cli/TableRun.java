package dev.sluice.local.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.pipeline.RunRequest;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import dev.sluice.local.runner.ExecutionResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * How one table's run ended in {@code sluice run}, read from the execution's state document and the run's files in
 * the lake ({@code validation.json}, {@code load.json}, {@code watermark.json}): what a person checks after a run,
 * and what {@code --json} prints per table.
 *
 * @param status        {@code SUCCEEDED}, {@code NOTHING_NEW} (the watermark window was empty) or {@code FAILED}
 * @param runId         the run's id, null when Plan itself failed
 * @param mode          the mode requested ({@code auto}, {@code backfill}, {@code incremental}, {@code window})
 * @param validation    the reconciliation report when the run got that far
 * @param load          what the load did, when the run loaded
 * @param watermark     the committed watermark after the run (moved by this run or not); null before any commit
 * @param failure       why the run failed, else null
 */
@JsonPropertyOrder({"table", "source", "status", "mode", "runId", "executionName", "chunks", "rows", "bytes",
        "seconds", "validation", "load", "watermarkMoved", "watermark", "failure"})
@JsonInclude(JsonInclude.Include.ALWAYS)
record TableRun(String table, String source, String status, String mode, String runId, String executionName,
                long chunks, long rows, long bytes, double seconds, ValidationReport validation, LoadReport load,
                boolean watermarkMoved, Watermark watermark, Failure failure) {

    static final String SUCCEEDED = "SUCCEEDED";
    static final String NOTHING_NEW = "NOTHING_NEW";
    static final String FAILED = "FAILED";

    /**
     * Why a run failed.
     *
     * @param step          the step (state) that failed
     * @param errorType     the error as the state machine matched it (a failure class's exception type)
     * @param failureClass  the class's label ("validation mismatch"), or null for an error outside them
     * @param message       the step's message (names the table, chunk, column and the fix)
     * @param safeAction    the class's one safe action in local mode
     * @param runbook       the runbook section for the class
     */
    @JsonPropertyOrder({"step", "errorType", "failureClass", "message", "safeAction", "runbook"})
    record Failure(String step, String errorType, String failureClass, String message, String safeAction,
                   String runbook) {
    }

    boolean succeeded() {
        return !status.equals(FAILED);
    }

    /** The outcome of {@code result}, an execution for {@code request} that took {@code seconds}. */
    static TableRun of(RunRequest request, ExecutionResult result, double seconds, ObjectStore lake,
                       LakeLayout layout) {
        JsonNode document = result.succeeded() ? result.output() : result.failedStateInput();
        JsonNode state = document == null ? LakeJson.mapper().createObjectNode() : document;
        JsonNode run = state.path("plan").path("run");
        String runId = run.hasNonNull("runId") ? run.path("runId").asText() : null;
        boolean nothingNew = state.path("plan").path("nothingNew").asBoolean(false);
        dev.sluice.core.source.TableRef ref = dev.sluice.core.source.TableRef.parse(request.table());

        ValidationReport validation = null;
        LoadReport load = null;
        if (runId != null && !nothingNew) {
            validation = read(lake, layout.validationReport(request.source(), ref, runId))
                    .map(bytes -> ValidationReport.fromJson(new String(bytes, StandardCharsets.UTF_8)))
                    .orElse(null);
            String loadKey = layout.loadReport(request.source(), ref, runId);
            load = read(lake, loadKey).map(bytes -> LakeJson.read(loadKey, bytes, LoadReport.class)).orElse(null);
        }
        String watermarkKey = layout.watermark(request.source(), ref);
        Watermark watermark = read(lake, watermarkKey)
                .map(bytes -> WatermarkJson.read(new String(bytes, StandardCharsets.UTF_8), watermarkKey))
                .orElse(null);

        Failure failure = result.succeeded() ? null : failure(result, state);
        String status = !result.succeeded() ? FAILED : nothingNew ? NOTHING_NEW : SUCCEEDED;
        return new TableRun(request.table(), request.source(), status,
                request.mode().name().toLowerCase(Locale.ROOT), runId, result.executionName(),
                state.path("seal").path("chunks").asLong(), state.path("seal").path("rows").asLong(),
                state.path("seal").path("bytes").asLong(), Math.round(seconds * 10) / 10.0, validation, load,
                state.path("commit").path("watermarkMoved").asBoolean(false), watermark, failure);
    }

    private static Failure failure(ExecutionResult result, JsonNode state) {
        String step = state.path("failedStep").path("step").asText(result.failedState());
        String message = result.cause();
        if (message != null && message.startsWith("{")) {
            try {
                JsonNode cause = LakeJson.mapper().readTree(message);
                message = cause.path("errorMessage").asText(message);
            } catch (java.io.IOException notJson) {
                // the cause is plain text: keep it
            }
        }
        Optional<FailureClass> failureClass = SluiceFailure.classOfErrorType(result.error());
        return new Failure(step, result.error(), failureClass.map(FailureClass::label).orElse(null),
                message == null ? "(no message)" : message,
                failureClass.map(TableRun::localAction).orElse("Rerun with --verbose and report it."),
                "docs/runbook.md#" + failureClass.map(FailureClass::runbookAnchor).orElse("transient"));
    }

    /** The safe action of {@code c} in local mode, where a rerun of {@code sluice run} is what a redrive is on AWS. */
    static String localAction(FailureClass c) {
        return switch (c) {
            case TRANSIENT -> "Run the same command again: chunks already in the lake are not read again.";
            case SOURCE -> "Fix the source (network, login, grants), then run the same command again.";
            case SCHEMA_DRIFT -> "Approve the change in config (column overrides or schemaPolicy), then run again.";
            case VALIDATION_MISMATCH -> "Read the report (sluice report --run <run id>); the watermark has not moved, "
                    + "so the next run reads the same window again.";
            case LOAD -> "Fix the target, then run the same command again: a loaded run is not loaded twice.";
            case CONFIGURATION -> "Fix the config file named in the message, then run again.";
            case RUN_IN_PROGRESS -> "Another run holds the table: wait for it (sluice status shows the lease).";
        };
    }

    private static Optional<byte[]> read(ObjectStore lake, String key) {
        return lake.get(key).map(ObjectStore.StoredObject::bytes);
    }

    /** The committed high bound, as text ("none" before any commit). */
    String watermarkHigh() {
        if (watermark == null) {
            return "none";
        }
        KeyValue high = watermark.high();
        return high == null ? "(full: no bound)" : high.value();
    }
}
