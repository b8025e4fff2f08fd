package dev.sluice.core.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.RunLedger;
import dev.sluice.core.state.RunManifest;
import dev.sluice.core.watermark.WatermarkWindow;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The Notify step: NotifySuccess and NotifyFailure of {@code migrate-table} (docs/PIPELINE.md).
 *
 * <p><b>Success</b>: publishes the run's rows and chunks and where its validation report is.
 *
 * <p><b>Failure</b> ({@code state.failure} and {@code state.failedStep} as the Catch and the {@code <State>Failed} Pass
 * state recorded them): NotifyFailure is the state that fails the execution, so that a redrive restarts there.
 * <ol>
 *   <li>First time ({@code redriveCount} not above the one recorded with the failure): publish the notification
 *       (class, table, run, step, message, safe action, runbook link), release the lease if this execution holds
 *       it, record the attempt in the run ledger as {@code FAILED}, then throw the failure again as its class with
 *       its message.</li>
 *   <li>On a redrive ({@code redriveCount} higher): take the run's lease again (a {@code RunInProgressFailure} when
 *       another execution has the table meanwhile) and return {@code resumeAt}: the failed step, where a Choice
 *       sends the execution back.</li>
 * </ol>
 * Error types that are not Sluice failure classes ({@code States.Timeout}, {@code Lambda.*}, an unhandled
 * exception) are reported as transient, the same class the steps give unrecognised errors.
 */
public final class NotifyStep implements PipelineStep<NotifyInput, NotifyResult> {

    /** The ledger status of a failed attempt. */
    static final String FAILED = "FAILED";

    private final PipelineContext context;
    private final LeaseStore leases;
    private final ManifestStore manifests;
    private final RunLedger ledger;
    private final RunFolder folder;

    public NotifyStep(PipelineContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.leases = new LeaseStore(context.lake(), context.layout(), context.clock());
        this.manifests = new ManifestStore(context.lake(), context.layout());
        this.ledger = new RunLedger(context.lake(), context.layout());
        this.folder = new RunFolder(context.lake(), context.layout());
    }

    @Override
    public Class<NotifyInput> inputType() {
        return NotifyInput.class;
    }

    @Override
    public NotifyResult run(NotifyInput input) {
        return switch (input.outcome()) {
            case NotifyInput.SUCCEEDED -> succeeded(input);
            case NotifyInput.FAILED -> failed(input);
            default -> throw new dev.sluice.core.failure.ConfigurationFailure("Notify: outcome '" + input.outcome()
                    + "' is neither SUCCEEDED nor FAILED: fix the Notify state's Parameters in the state machine");
        };
    }

    // ------------------------------------------------------------------ success

    private NotifyResult succeeded(NotifyInput input) {
        RunRef run = input.run() != null ? input.run() : planRun(input.state()).orElse(null);
        if (run == null) {
            throw new dev.sluice.core.failure.ConfigurationFailure("NotifySuccess: the input has no run: pass "
                    + "\"run.$\": \"$.plan.run\" in the state's Parameters");
        }
        String where = "NotifySuccess of run " + run.runId() + " of " + run.source() + "." + run.table();
        try {
            TableRef table = TableRef.parse(run.table());
            long rows;
            long chunks;
            JsonNode seal = input.state() == null ? null : input.state().get("seal");
            if (seal != null && seal.has("rows") && seal.has("chunks")) {
                rows = seal.get("rows").asLong();
                chunks = seal.get("chunks").asLong();
            } else {
                RunManifest sealed = manifests.readRunManifest(run.source(), table, run.runId())
                        .orElseThrow(() -> new IllegalStateException("run " + run.runId() + " has no run.json"));
                rows = sealed.rows();
                chunks = sealed.chunks().size();
            }
            String report = "s3://" + context.layout().bucket() + "/"
                    + context.layout().validationReport(run.source(), table, run.runId());
            String subject = subject("Sluice: " + run.table() + " run succeeded (" + rows + " rows)");
            String body = "Run " + run.runId() + " of " + run.source() + "." + run.table() + " succeeded.\n"
                    + "Rows: " + rows + "\n"
                    + "Chunks: " + chunks + "\n"
                    + "Validation report: " + report + "\n"
                    + "Execution: " + run.executionId() + "\n";
            String id = context.notifier().publish(new Notification(NotifyInput.SUCCEEDED, run.source(), run.table(),
                    run.runId(), null, null, null, subject, body));
            return new NotifyResult(id, null);
        } catch (RuntimeException e) {
            throw Failures.translate(e, where);
        }
    }

    // ------------------------------------------------------------------ failure

    /** What the Catch recorded: the error type, its class, its message and the step that failed. */
    record Failure(String errorType, FailureClass failureClass, String message, String step, int recordedRedrives) {
    }

    private NotifyResult failed(NotifyInput input) {
        JsonNode state = input.state();
        Failure failure = failure(state);
        Optional<RunRef> run = Optional.ofNullable(input.run()).or(() -> planRun(state));
        String executionId = input.executionId() != null ? input.executionId()
                : run.map(RunRef::executionId).orElse(null);
        String source = run.map(RunRef::source).orElseGet(() -> text(state, "source"));
        String table = run.map(RunRef::table).orElseGet(() -> text(state, "table"));
        int redriveCount = input.redriveCount() == null ? 0 : input.redriveCount();
        // After Commit (only NotifySuccess can fail then) the run is done: its lease is released and its ledger
        // entry written; neither is touched again, so a resumed NotifySuccess leaves the table free.
        boolean committed = state != null && state.hasNonNull("commit");
        if (redriveCount > failure.recordedRedrives()) {
            return resume(failure, committed ? Optional.empty() : run, source, table);
        }

        Notification notification = notification(failure, run, source, table, executionId);
        context.notifier().publish(notification);
        SluiceFailure again = SluiceFailure.of(failure.failureClass(), failure.message(), null);
        if (!committed && source != null && table != null && executionId != null) {
            try {
                TableRef ref = TableRef.parse(table);
                Optional<Lease> lease = leases.read(source, ref).map(Lease.Held::lease)
                        .filter(l -> l.holder().equals(executionId));
                lease.filter(l -> !l.released())
                        .ifPresent(l -> leases.release(source, ref, l.runId(), executionId));
                run.ifPresent(r -> recordFailed(r, ref, failure, lease));
            } catch (RuntimeException e) {
                // The notification is out; the execution must still fail with the original class.
                again.addSuppressed(e);
            }
        }
        throw again;
    }

    private NotifyResult resume(Failure failure, Optional<RunRef> run, String source, String table) {
        if (run.isPresent()) {
            RunRef r = run.get();
            String where = "NotifyFailure (redrive) of run " + r.runId() + " of " + r.source() + "." + r.table();
            try {
                leases.acquire(r.source(), TableRef.parse(r.table()), r.runId(), r.executionId(),
                        context.settings().leaseDuration());
            } catch (RuntimeException e) {
                throw Failures.translate(e, where);
            }
        }
        // Without a run the Plan step failed (it takes the lease itself when the execution resumes there), or the
        // run is already committed.
        return new NotifyResult(null, failure.step());
    }

    private void recordFailed(RunRef run, TableRef table, Failure failure, Optional<Lease> lease) {
        Optional<PlannedRun> planned = folder.findPlan(run.source(), table, run.runId());
        Optional<RunManifest> sealed = manifests.readRunManifest(run.source(), table, run.runId());
        WatermarkWindow window = planned.map(p -> p.plan().window()).orElse(null);
        Instant startedAt = lease.filter(l -> l.runId().equals(run.runId())).map(Lease::acquiredAt)
                .orElseGet(() -> context.clock().instant());
        ledger.append(new LedgerEntry(run.runId(), run.source(), run.table(),
                planned.map(p -> p.plan().mode()).orElse(null),
                CommitStep.text(window == null ? null : window.lowerExclusive()),
                CommitStep.text(window == null ? null : window.upperInclusive()),
                sealed.map(RunManifest::rows).orElse(0L), sealed.map(RunManifest::bytes).orElse(0L),
                sealed.map(m -> m.chunks().size()).orElse(0), FAILED, failure.failureClass().label(), startedAt,
                context.clock().instant()));
    }

    private Notification notification(Failure failure, Optional<RunRef> run, String source, String table,
                                      String executionId) {
        FailureClass c = failure.failureClass();
        String runId = run.map(RunRef::runId).orElse(null);
        String what = table == null ? "a run" : table;
        String subject = subject("Sluice FAILED: " + what + " at " + failure.step() + " (" + c.label() + ")");
        String body = "A run of " + (source == null ? "?" : source) + "." + (table == null ? "?" : table)
                + " failed.\n"
                + "Failure class: " + c.label() + "\n"
                + "Table: " + (source == null ? "?" : source) + "." + (table == null ? "?" : table) + "\n"
                + "Run: " + (runId == null ? "not planned" : runId) + "\n"
                + "Step: " + failure.step() + "\n"
                + "Execution: " + executionId + "\n"
                + "Error: " + failure.errorType() + "\n"
                + "Message: " + failure.message() + "\n"
                + "Safe action: " + c.safeAction() + "\n"
                + "Runbook: docs/runbook.md#" + c.runbookAnchor() + "\n";
        return new Notification(NotifyInput.FAILED, source, table, runId, failure.step(), c.label(), c.safeAction(),
                subject, body);
    }

    /** Reads {@code state.failure.{Error, Cause}} and {@code state.failedStep.{step, redriveCount}}. */
    static Failure failure(JsonNode state) {
        JsonNode failure = state == null ? null : state.get("failure");
        String error = text(failure, "Error");
        String cause = text(failure, "Cause");
        String message = cause;
        String errorType = error;
        if (cause != null && cause.strip().startsWith("{")) {
            try {
                JsonNode parsed = LakeJson.mapper().readTree(cause);
                if (parsed.hasNonNull("errorMessage")) {
                    message = parsed.get("errorMessage").asText();
                }
                if (errorType == null && parsed.hasNonNull("errorType")) {
                    errorType = parsed.get("errorType").asText();
                }
            } catch (JsonProcessingException notJson) {
                // plain text that starts with a brace: keep it as the message
            }
        }
        if (errorType == null) {
            errorType = "unknown";
        }
        if (message == null || message.isBlank()) {
            message = errorType + " (no cause recorded)";
        }
        FailureClass failureClass = SluiceFailure.classOfErrorType(errorType).orElse(FailureClass.TRANSIENT);
        JsonNode failedStep = state == null ? null : state.get("failedStep");
        String step = text(failedStep, "step");
        int recorded = failedStep != null && failedStep.hasNonNull("redriveCount")
                ? failedStep.get("redriveCount").asInt() : 0;
        return new Failure(errorType, failureClass, message, step == null ? "unknown" : step, recorded);
    }

    private static Optional<RunRef> planRun(JsonNode state) {
        JsonNode run = state == null || state.get("plan") == null ? null : state.get("plan").get("run");
        if (run == null || run.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LakeJson.mapper().treeToValue(run, RunRef.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if ((value == null || value.isNull()) && node.get("request") != null) {
            value = node.get("request").get(field);
        }
        return value == null || value.isNull() ? null : value.asText();
    }

    /** One line of at most {@link Notification#MAX_SUBJECT} characters. */
    static String subject(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= Notification.MAX_SUBJECT ? line
                : line.substring(0, Notification.MAX_SUBJECT - 3) + "...";
    }
}
