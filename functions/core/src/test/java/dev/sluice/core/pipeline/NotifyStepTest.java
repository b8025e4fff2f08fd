package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.failure.RunInProgressFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.RunLedger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyStepTest {

    private static final String EXEC = "arn:aws:states:eu-west-1:123456789012:execution:migrate-table:e1";
    private static final TableRef ORDERS = TableRef.parse("sales.orders");
    private static final RunRef RUN = new RunRef("demo", "sales.orders", "rkey-0123456789ab", EXEC);
    private static final String MESSAGE = "ExtractChunk of chunk index 3 of run rkey-0123456789ab of demo.sales.orders:"
            + " reading the source failed (SQLState 42501: permission denied for table orders)";

    private final PipelineFixture fixture = new PipelineFixture(List.of(), List.of(), () -> {
        throw new java.sql.SQLException("no source in this test");
    }, 200, Optional.empty());
    private final LeaseStore leases = new LeaseStore(fixture.lake, fixture.layout, fixture.clock);
    private final NotifyStep notify = new NotifyStep(fixture.context);

    private static ObjectNode state(boolean withPlan, String error, String cause, String step, int recorded) {
        ObjectNode state = LakeJson.mapper().createObjectNode();
        state.put("source", "demo").put("table", "sales.orders").put("mode", "auto");
        if (withPlan) {
            state.putObject("plan").set("run", LakeJson.mapper().valueToTree(RUN));
        }
        state.putObject("failure").put("Error", error).put("Cause", cause);
        state.putObject("failedStep").put("step", step).put("redriveCount", recorded);
        return state;
    }

    private static String lambdaCause(String type, String message) {
        return LakeJson.mapper().createObjectNode().put("errorMessage", message).put("errorType", type)
                .set("stackTrace", LakeJson.mapper().createArrayNode()).toString();
    }

    private static JsonNode sourceFailureState(int recorded) {
        return state(true, SourceFailure.class.getName(), lambdaCause(SourceFailure.class.getName(), MESSAGE),
                "ExtractChunk", recorded);
    }

    @Test
    void theFirstFailurePublishesReleasesTheLeaseRecordsTheAttemptAndFailsWithTheOriginalClass() {
        Lease.Held held = leases.acquire("demo", ORDERS, RUN.runId(), EXEC, Duration.ofHours(1));
        fixture.clock.advance(Duration.ofMinutes(7));

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, sourceFailureState(0))))
                .isExactlyInstanceOf(SourceFailure.class)
                .hasMessage(MESSAGE);

        assertThat(fixture.notifier.published).hasSize(1);
        Notification n = fixture.notifier.published.getFirst();
        assertThat(n.outcome()).isEqualTo("FAILED");
        assertThat(n.failureClass()).isEqualTo("source");
        assertThat(n.step()).isEqualTo("ExtractChunk");
        assertThat(n.runId()).isEqualTo(RUN.runId());
        assertThat(n.table()).isEqualTo("sales.orders");
        assertThat(n.safeAction()).isEqualTo(FailureClass.SOURCE.safeAction());
        assertThat(n.subject()).isEqualTo("Sluice FAILED: sales.orders at ExtractChunk (source)");
        assertThat(n.body()).contains("Failure class: source\n", "Table: demo.sales.orders\n",
                "Run: rkey-0123456789ab\n", "Step: ExtractChunk\n", "Message: " + MESSAGE + "\n",
                "Safe action: " + FailureClass.SOURCE.safeAction() + "\n", "Runbook: docs/runbook.md#source\n",
                "Execution: " + EXEC + "\n");

        Lease lease = leases.read("demo", ORDERS).orElseThrow().lease();
        assertThat(lease.released()).isTrue();
        List<LedgerEntry> entries = new RunLedger(fixture.lake, fixture.layout).entries("demo", ORDERS);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().status()).isEqualTo("FAILED");
        assertThat(entries.getFirst().failureClass()).isEqualTo("source");
        assertThat(entries.getFirst().startedAt()).isEqualTo(held.lease().acquiredAt());
        assertThat(entries.getFirst().endedAt()).isEqualTo(fixture.clock.instant());
    }

    @Test
    void aRedriveReacquiresTheLeaseAndResumesAtTheFailedStepWithoutPublishing() {
        leases.acquire("demo", ORDERS, RUN.runId(), EXEC, Duration.ofHours(1));
        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, sourceFailureState(0))))
                .isInstanceOf(SourceFailure.class);
        fixture.clock.advance(Duration.ofHours(3));

        NotifyResult resumed = notify.run(new NotifyInput("FAILED", null, EXEC, 1, sourceFailureState(0)));

        assertThat(resumed.resumeAt()).isEqualTo("ExtractChunk");
        assertThat(resumed.messageId()).isNull();
        assertThat(fixture.notifier.published).hasSize(1);
        Lease lease = leases.read("demo", ORDERS).orElseThrow().lease();
        assertThat(lease.released()).isFalse();
        assertThat(lease.isHeldBy(RUN.runId(), EXEC)).isTrue();
        assertThat(lease.expiresAt()).isEqualTo(fixture.clock.instant().plus(PipelineFixture.LEASE));
    }

    @Test
    void aFailedNotifySuccessAfterCommitNeitherRecordsAFailureNorTakesTheLeaseBackOnRedrive() {
        leases.acquire("demo", ORDERS, RUN.runId(), EXEC, Duration.ofHours(1));
        leases.release("demo", ORDERS, RUN.runId(), EXEC);
        ObjectNode state = state(true, TransientFailure.class.getName(),
                lambdaCause(TransientFailure.class.getName(), "SNS throttled"), "NotifySuccess", 0);
        state.putObject("commit").put("watermarkMoved", true);

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, state)))
                .isExactlyInstanceOf(TransientFailure.class);
        NotifyResult resumed = notify.run(new NotifyInput("FAILED", null, EXEC, 1, state));

        assertThat(resumed.resumeAt()).isEqualTo("NotifySuccess");
        assertThat(leases.read("demo", ORDERS).orElseThrow().lease().released()).isTrue();
        assertThat(new RunLedger(fixture.lake, fixture.layout).entries("demo", ORDERS)).isEmpty();
    }

    @Test
    void aRedriveIsRefusedWhenAnotherExecutionTookTheTableMeanwhile() {
        leases.acquire("demo", ORDERS, RUN.runId(), EXEC, Duration.ofHours(1));
        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, sourceFailureState(0))))
                .isInstanceOf(SourceFailure.class);
        leases.acquire("demo", ORDERS, "rkey-fedcba987654", "exec-other", Duration.ofHours(1));

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 1, sourceFailureState(0))))
                .isExactlyInstanceOf(RunInProgressFailure.class)
                .hasMessageContaining("rkey-fedcba987654");
        assertThat(leases.read("demo", ORDERS).orElseThrow().lease().holder()).isEqualTo("exec-other");
    }

    @Test
    void errorTypesThatAreNotSluiceFailuresAreTransientAndPlainTextCausesAreTheMessage() {
        leases.acquire("demo", ORDERS, RUN.runId(), EXEC, Duration.ofHours(1));
        JsonNode state = state(true, "States.Timeout", "Task timed out after 900.00 seconds", "SealRun", 2);

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 2, state)))
                .isExactlyInstanceOf(TransientFailure.class)
                .hasMessage("Task timed out after 900.00 seconds");
        Notification n = fixture.notifier.published.getFirst();
        assertThat(n.failureClass()).isEqualTo("transient");
        assertThat(n.body()).contains("Error: States.Timeout\n", "Runbook: docs/runbook.md#transient\n");

        JsonNode lambda = state(true, "Lambda.ServiceException",
                lambdaCause("Lambda.ServiceException", "Rate exceeded"), "Commit", 0);
        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, lambda)))
                .isExactlyInstanceOf(TransientFailure.class).hasMessage("Rate exceeded");
    }

    @Test
    void aPlanFailureHasNoRunAndLeavesAnotherExecutionsLeaseAlone() {
        leases.acquire("demo", ORDERS, "rkey-fedcba987654", "exec-other", Duration.ofHours(1));
        String message = "Plan of demo.sales.orders (mode auto): the lease of sales.orders is held by run "
                + "rkey-fedcba987654 (exec-other)";
        JsonNode state = state(false, RunInProgressFailure.class.getName(),
                lambdaCause(RunInProgressFailure.class.getName(), message), "Plan", 0);

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, state)))
                .isExactlyInstanceOf(RunInProgressFailure.class).hasMessage(message);

        Notification n = fixture.notifier.published.getFirst();
        assertThat(n.runId()).isNull();
        assertThat(n.source()).isEqualTo("demo");
        assertThat(n.table()).isEqualTo("sales.orders");
        assertThat(n.body()).contains("Run: not planned\n", "Step: Plan\n",
                "Runbook: docs/runbook.md#run-in-progress\n");
        Lease lease = leases.read("demo", ORDERS).orElseThrow().lease();
        assertThat(lease.holder()).isEqualTo("exec-other");
        assertThat(lease.released()).isFalse();
        assertThat(new RunLedger(fixture.lake, fixture.layout).entries("demo", ORDERS)).isEmpty();

        NotifyResult resumed = notify.run(new NotifyInput("FAILED", null, EXEC, 1, state));
        assertThat(resumed.resumeAt()).isEqualTo("Plan");
    }

    @Test
    void aPlanFailureReleasesTheLeaseThisExecutionTookWhilePlanning() {
        leases.acquire("demo", ORDERS, PlanStep.PLANNING, EXEC, Duration.ofHours(1));
        JsonNode state = state(false, SourceFailure.class.getName(), "connection refused", "Plan", 0);

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, state)))
                .isExactlyInstanceOf(SourceFailure.class);

        assertThat(leases.read("demo", ORDERS).orElseThrow().lease().released()).isTrue();
    }

    @Test
    void theSubjectStaysWithinOneHundredCharacters() {
        String longTable = "warehouse_inventory_schema.a_very_long_table_name_that_goes_on_and_on_for_quite_a_while";
        ObjectNode state = state(false, "dev.sluice.core.failure.SchemaDriftFailure", "amount changed type", "Plan",
                0);
        state.put("table", longTable);

        assertThatThrownBy(() -> notify.run(new NotifyInput("FAILED", null, EXEC, 0, state)))
                .hasMessage("amount changed type");

        Notification n = fixture.notifier.published.getFirst();
        assertThat(n.subject()).hasSizeLessThanOrEqualTo(Notification.MAX_SUBJECT).startsWith("Sluice FAILED: "
                + longTable.substring(0, 20)).endsWith("...");
        assertThat(n.failureClass()).isEqualTo("schema drift");
    }

    @Test
    void successPublishesRowsChunksAndTheValidationReportLink() {
        ObjectNode state = LakeJson.mapper().createObjectNode();
        state.putObject("seal").put("runManifestKey", "k").put("chunks", 3).put("rows", 1234).put("bytes", 99);

        NotifyResult result = notify.run(new NotifyInput("SUCCEEDED", RUN, null, null, state));

        assertThat(result.messageId()).isEqualTo("message-1");
        assertThat(result.resumeAt()).isNull();
        Notification n = fixture.notifier.published.getFirst();
        assertThat(n.outcome()).isEqualTo("SUCCEEDED");
        assertThat(n.subject()).isEqualTo("Sluice: sales.orders run succeeded (1234 rows)");
        assertThat(n.body()).contains("Rows: 1234\n", "Chunks: 3\n",
                "Validation report: s3://lake-bucket/_sluice/runs/demo/sales.orders/rkey-0123456789ab/validation.json");
    }

    @Test
    void failureFieldsAreReadFromTheStateDocument() {
        NotifyStep.Failure f = NotifyStep.failure(sourceFailureState(4));

        assertThat(f.errorType()).isEqualTo(SourceFailure.class.getName());
        assertThat(f.failureClass()).isEqualTo(FailureClass.SOURCE);
        assertThat(f.message()).isEqualTo(MESSAGE);
        assertThat(f.step()).isEqualTo("ExtractChunk");
        assertThat(f.recordedRedrives()).isEqualTo(4);
    }
}
