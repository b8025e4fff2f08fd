package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.config.ChunkBounds;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SchemaPolicy;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TableConfig;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.RunInProgressFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.lake.LakeJson;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.state.Lease;
import dev.sluice.core.state.LeaseStore;
import dev.sluice.core.state.LedgerEntry;
import dev.sluice.core.state.RunLedger;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.watermark.Watermark;
import dev.sluice.core.watermark.WatermarkJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plan, ExtractChunk, SealRun and Commit against embedded PostgreSQL and the in-memory lake. */
class PipelineStepsIT {

    private static final String EXEC_1 = "arn:aws:states:eu-west-1:123456789012:execution:migrate-table:one";
    private static final String EXEC_2 = "arn:aws:states:eu-west-1:123456789012:execution:migrate-table:two";
    private static final TableRef ORDERS = TableRef.parse("shop.orders");
    private static final TableRef RETURNS = TableRef.parse("shop.returns");

    static EmbeddedPostgresFixture pg;
    static SourceConfig source;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.sourceConfig("embedded", IsolationLevel.READ_COMMITTED);
        pg.execute("CREATE SCHEMA shop",
                "CREATE TABLE shop.orders (id bigint PRIMARY KEY, amount numeric(12,2), note varchar(40))",
                "INSERT INTO shop.orders SELECT g, g * 1.25, 'order ' || g FROM generate_series(1, 1000) g",
                "CREATE TABLE shop.returns (id bigint PRIMARY KEY, amount numeric(12,2))",
                "INSERT INTO shop.returns SELECT g, g * 0.5 FROM generate_series(1, 600) g",
                "ANALYZE shop.orders", "ANALYZE shop.returns");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static TableConfig table(String name) {
        return new TableConfig("embedded", name, List.of("id"), new WatermarkConfig(WatermarkConfig.Type.KEY, "id",
                null, null), null, new ChunkBounds(300, 1L << 30), null, null, null, null, SchemaPolicy.FAIL, null);
    }

    private static PipelineFixture fixture(int inlineChunkLimit, boolean warehouse) {
        return new PipelineFixture(List.of(source), List.of(table("shop.orders"), table("shop.returns")),
                pg.dataSource()::getConnection, inlineChunkLimit,
                warehouse ? Optional.of(new PipelineFixture.RefusingWarehouse()) : Optional.empty());
    }

    private static PlanInput auto(String table, String execution) {
        return new PlanInput(new RunRequest("embedded", table, RunRequest.Mode.AUTO, null, null, null), execution);
    }

    private static void validated(PipelineFixture f, RunRef run, boolean passed) {
        String key = f.layout.validationReport(run.source(), TableRef.parse(run.table()), run.runId());
        f.lake.putIfAbsent(key, new ValidationReport(run.table(), run.runId(), passed, List.of()).toJson()
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static List<ExtractChunkResult> extractAll(PipelineFixture f, PlanResult plan) {
        ExtractChunkStep extract = new ExtractChunkStep(f.context);
        List<ExtractChunkResult> results = new ArrayList<>();
        for (int i = 0; i < plan.chunkCount(); i++) {
            results.add(extract.run(new ExtractChunkInput(plan.run(), i)));
        }
        return results;
    }

    private static Optional<Watermark> watermark(PipelineFixture f, TableRef table) {
        return new WatermarkStore(f.lake, f.layout).read("embedded", table)
                .map(w -> WatermarkJson.read(w.body().toString(), "watermark.json"));
    }

    @Test
    void aRunIsPlannedOnceExtractedSealedAndCommitsItsWatermarkExactlyOnce() {
        PipelineFixture f = fixture(2, false);
        PlanStep planStep = new PlanStep(f.context);
        LeaseStore leases = new LeaseStore(f.lake, f.layout, f.clock);

        PlanResult plan = planStep.run(auto("shop.orders", EXEC_1));

        assertThat(plan.nothingNew()).isFalse();
        assertThat(plan.run().runId()).startsWith("rkey-");
        assertThat(plan.run().executionId()).isEqualTo(EXEC_1);
        assertThat(plan.chunkCount()).isGreaterThan(2);
        assertThat(plan.distributed()).isTrue();
        assertThat(plan.items()).isEmpty();
        assertThat(plan.maxConcurrency()).isEqualTo(source.readBudget());
        assertThat(plan.bucket()).isEqualTo("lake-bucket");
        assertThat(plan.planKey()).isEqualTo("_sluice/runs/embedded/shop.orders/" + plan.run().runId() + "/plan.json");
        assertThat(plan.itemsKey()).isEqualTo("_sluice/runs/embedded/shop.orders/" + plan.run().runId()
                + "/items.json");
        JsonNode items = LakeJson.tree(plan.itemsKey(), f.lake.get(plan.itemsKey()).orElseThrow().bytes());
        assertThat(items).hasSize(plan.chunkCount());
        assertThat(items.get(plan.chunkCount() - 1).get("chunkIndex").asInt()).isEqualTo(plan.chunkCount() - 1);
        assertThat(items.get(0).size()).isEqualTo(1);
        PlannedRun stored = new RunFolder(f.lake, f.layout).plan(plan.run());
        assertThat(stored.plan().window().upperInclusive()).isEqualTo(KeyValue.ofLong(1000));
        assertThat(stored.plan().chunks()).hasSize(plan.chunkCount());
        assertThat(stored.ingestDate()).isEqualTo(LocalDate.ofInstant(stored.extractedAt(), ZoneOffset.UTC));
        assertThat(stored.watermarkEtag()).isNull();
        assertThat(stored.requestMode()).isEqualTo(RunRequest.Mode.AUTO);
        assertThat(stored.schema().fingerprint()).isEqualTo(stored.plan().schemaFingerprint());
        Lease lease = leases.read("embedded", ORDERS).orElseThrow().lease();
        assertThat(lease.isHeldBy(plan.run().runId(), EXEC_1)).isTrue();

        // another execution is refused and told whose run holds the table
        assertThatThrownBy(() -> planStep.run(auto("shop.orders", EXEC_2)))
                .isExactlyInstanceOf(RunInProgressFailure.class)
                .hasMessageContaining(plan.run().runId());

        // the same execution planning again (a redrive) gets the same run and plan
        f.clock.advance(Duration.ofMinutes(10));
        byte[] planBytes = f.lake.get(plan.planKey()).orElseThrow().bytes();
        assertThat(planStep.run(auto("shop.orders", EXEC_1))).isEqualTo(plan);
        assertThat(f.lake.get(plan.planKey()).orElseThrow().bytes()).isEqualTo(planBytes);

        List<ExtractChunkResult> extracted = extractAll(f, plan);
        assertThat(extracted).allMatch(ExtractChunkResult::extracted);
        assertThat(extracted.stream().mapToLong(ExtractChunkResult::rows).sum()).isEqualTo(1000);
        ExtractChunkResult again = new ExtractChunkStep(f.context).run(new ExtractChunkInput(plan.run(), 0));
        assertThat(again.extracted()).isFalse();
        assertThat(again.chunkId()).isEqualTo(extracted.getFirst().chunkId());
        assertThat(again.rows()).isEqualTo(extracted.getFirst().rows());

        SealRunStep seal = new SealRunStep(f.context);
        SealRunResult sealed = seal.run(new RunInput(plan.run()));
        assertThat(sealed.rows()).isEqualTo(1000);
        assertThat(sealed.chunks()).isEqualTo(plan.chunkCount());
        assertThat(sealed.bytes()).isEqualTo(extracted.stream().mapToLong(ExtractChunkResult::bytes).sum());
        assertThat(sealed.runManifestKey()).isEqualTo("_sluice/runs/embedded/shop.orders/" + plan.run().runId()
                + "/run.json");
        assertThat(seal.run(new RunInput(plan.run()))).isEqualTo(sealed);

        CommitStep commit = new CommitStep(f.context);
        assertThatThrownBy(() -> commit.run(new RunInput(plan.run())))
                .isExactlyInstanceOf(ValidationMismatchFailure.class).hasMessageContaining("validation.json");
        assertThat(watermark(f, ORDERS)).isEmpty();
        validated(f, plan.run(), true);

        CommitResult committed = commit.run(new RunInput(plan.run()));

        assertThat(committed.watermarkMoved()).isTrue();
        Watermark moved = watermark(f, ORDERS).orElseThrow();
        assertThat(moved.high()).isEqualTo(KeyValue.ofLong(1000));
        assertThat(moved.runId()).isEqualTo(plan.run().runId());
        String etag = new WatermarkStore(f.lake, f.layout).read("embedded", ORDERS).orElseThrow().etag();
        assertThat(leases.read("embedded", ORDERS).orElseThrow().lease().released()).isTrue();
        List<LedgerEntry> ledger = new RunLedger(f.lake, f.layout).entries("embedded", ORDERS);
        assertThat(ledger).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("SUCCEEDED");
            assertThat(e.rows()).isEqualTo(1000);
            assertThat(e.chunks()).isEqualTo(plan.chunkCount());
            assertThat(e.windowHigh()).isEqualTo("1000");
            assertThat(e.mode()).isEqualTo("key-backfill");
        });
        assertThat(committed.ledgerKey()).isEqualTo(new RunLedger(f.lake, f.layout).keyOf(ledger.getFirst()));

        // a retried or redriven Commit changes nothing
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(commit.run(new RunInput(plan.run()))).isEqualTo(committed);
        assertThat(new WatermarkStore(f.lake, f.layout).read("embedded", ORDERS).orElseThrow().etag())
                .isEqualTo(etag);
        assertThat(new RunLedger(f.lake, f.layout).entries("embedded", ORDERS)).hasSize(1);

        // nothing new since: the next execution ends early and leaves the table free
        PlanResult idle = planStep.run(auto("shop.orders", EXEC_2));
        assertThat(idle.nothingNew()).isTrue();
        assertThat(idle.chunkCount()).isZero();
        assertThat(idle.planKey()).isNull();
        assertThat(f.lake.get(f.layout.plan("embedded", ORDERS, idle.run().runId()))).isEmpty();
        Lease free = leases.read("embedded", ORDERS).orElseThrow().lease();
        assertThat(free.released()).isTrue();
        assertThat(free.holder()).isEqualTo(EXEC_2);

        // new rows: the next window continues from the committed high
        pg.execute("INSERT INTO shop.orders SELECT g, g, 'late ' || g FROM generate_series(1001, 1040) g");
        PlanResult next = planStep.run(auto("shop.orders", EXEC_2));
        PlannedRun nextPlan = new RunFolder(f.lake, f.layout).plan(next.run());
        assertThat(nextPlan.plan().window().lowerExclusive()).isEqualTo(KeyValue.ofLong(1000));
        assertThat(nextPlan.plan().window().upperInclusive()).isEqualTo(KeyValue.ofLong(1040));
        assertThat(nextPlan.watermarkEtag()).isEqualTo(etag);
        assertThat(next.run().runId()).isNotEqualTo(plan.run().runId());
        assertThat(extractAll(f, next).stream().mapToLong(ExtractChunkResult::rows).sum()).isEqualTo(40);
    }

    @Test
    void aWindowRunReadsExactlyItsBoundsReproducesItsRunIdAndNeverMovesTheWatermark() {
        PipelineFixture f = fixture(200, false);
        PlanStep planStep = new PlanStep(f.context);
        PlanInput window = new PlanInput(new RunRequest("embedded", "shop.returns", RunRequest.Mode.WINDOW,
                KeyValue.ofLong(100), KeyValue.ofLong(250), "rerun after the fix"), EXEC_1);

        PlanResult plan = planStep.run(window);

        assertThat(plan.distributed()).isFalse();
        assertThat(plan.items()).hasSize(plan.chunkCount());
        assertThat(plan.items().getFirst()).isEqualTo(new ChunkItem(0));
        PlannedRun stored = new RunFolder(f.lake, f.layout).plan(plan.run());
        assertThat(stored.plan().mode()).isEqualTo("key-window");
        assertThat(stored.reason()).isEqualTo("rerun after the fix");
        assertThat(stored.plan().window().lowerExclusive()).isEqualTo(KeyValue.ofLong(100));
        assertThat(stored.plan().window().upperInclusive()).isEqualTo(KeyValue.ofLong(250));
        Chunk first = stored.plan().chunks().getFirst();
        Chunk last = stored.plan().chunks().getLast();
        assertThat(first.range().lowerExclusive()).containsExactly(KeyValue.ofLong(100));
        assertThat(last.range().upperInclusive()).containsExactly(KeyValue.ofLong(250));
        assertThat(stored.plan().chunks()).noneMatch(c -> c.kind() == Chunk.Kind.NULLS);

        List<ExtractChunkResult> extracted = extractAll(f, plan);
        assertThat(extracted.stream().mapToLong(ExtractChunkResult::rows).sum()).isEqualTo(150);
        SealRunResult sealed = new SealRunStep(f.context).run(new RunInput(plan.run()));
        assertThat(sealed.rows()).isEqualTo(150);
        validated(f, plan.run(), false);
        CommitStep commit = new CommitStep(f.context);
        assertThatThrownBy(() -> commit.run(new RunInput(plan.run())))
                .isExactlyInstanceOf(ValidationMismatchFailure.class).hasMessageContaining("did not pass");
        String reportKey = f.layout.validationReport("embedded", RETURNS, plan.run().runId());
        f.lake.putIfMatch(reportKey, new ValidationReport(plan.run().table(), plan.run().runId(), true, List.of())
                .toJson().getBytes(StandardCharsets.UTF_8), "application/json",
                f.lake.head(reportKey).orElseThrow().etag());

        CommitResult committed = commit.run(new RunInput(plan.run()));

        assertThat(committed.watermarkMoved()).isFalse();
        assertThat(committed.ledgerKey()).isNotNull();
        assertThat(watermark(f, RETURNS)).isEmpty();
        LeaseStore leases = new LeaseStore(f.lake, f.layout, f.clock);
        assertThat(leases.read("embedded", RETURNS).orElseThrow().lease().released()).isTrue();

        // the same window from another execution is the same run
        PlanResult rerun = planStep.run(new PlanInput(window.request(), EXEC_2));
        assertThat(rerun.run().runId()).isEqualTo(plan.run().runId());
        assertThat(rerun.run().executionId()).isEqualTo(EXEC_2);
        assertThat(rerun.planKey()).isEqualTo(plan.planKey());
    }

    @Test
    void incrementalIsRefusedBeforeTheFirstCommitAndEmptyWindowsAreConfigurationFailures() {
        PipelineFixture f = fixture(200, false);
        PlanStep planStep = new PlanStep(f.context);

        assertThatThrownBy(() -> planStep.run(new PlanInput(new RunRequest("embedded", "shop.returns",
                RunRequest.Mode.INCREMENTAL, null, null, null), EXEC_1)))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("nothing is committed yet").hasMessageContaining("mode auto or backfill");
        assertThatThrownBy(() -> planStep.run(new PlanInput(new RunRequest("embedded", "shop.returns",
                RunRequest.Mode.WINDOW, KeyValue.ofLong(300), KeyValue.ofLong(200), null), EXEC_1)))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("\"from\" must be before \"to\"");
    }

    @Test
    void aBackfillOverACommittedWatermarkCommitsWithIfMatchAndLosesToAnotherCommit() {
        PipelineFixture f = fixture(200, true);
        PlanStep planStep = new PlanStep(f.context);
        PlanResult first = planStep.run(auto("shop.returns", EXEC_1));
        ExtractChunkStep extract = new ExtractChunkStep(f.context);
        for (int i = 0; i < first.chunkCount() - 1; i++) {
            extract.run(new ExtractChunkInput(first.run(), i));
        }
        String lastChunk = new RunFolder(f.lake, f.layout).plan(first.run()).plan().chunks().getLast().id();
        SealRunStep seal = new SealRunStep(f.context);
        assertThatThrownBy(() -> seal.run(new RunInput(first.run())))
                .isExactlyInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("1 planned chunk(s) have no manifest [" + lastChunk + "]");
        assertThat(f.lake.get(f.layout.runManifest("embedded", RETURNS, first.run().runId()))).isEmpty();
        extract.run(new ExtractChunkInput(first.run(), first.chunkCount() - 1));
        assertThat(seal.run(new RunInput(first.run())).rows()).isEqualTo(600);
        validated(f, first.run(), true);
        CommitStep commit = new CommitStep(f.context);

        assertThatThrownBy(() -> commit.run(new RunInput(first.run())))
                .isExactlyInstanceOf(LoadFailure.class).hasMessageContaining("load.json");
        f.lake.putIfAbsent(f.layout.loadReport("embedded", RETURNS, first.run().runId()),
                "{\"state\":\"LOADED\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        // another run commits the table's watermark meanwhile
        new WatermarkStore(f.lake, f.layout).commit("embedded", RETURNS, LakeJson.tree("w",
                WatermarkJson.write(new Watermark(WatermarkConfig.Type.KEY, "id", null, KeyValue.ofLong(5),
                        null, "rkey-000000000000", f.clock.instant())).getBytes(StandardCharsets.UTF_8)), null);

        assertThatThrownBy(() -> commit.run(new RunInput(first.run())))
                .isExactlyInstanceOf(RunInProgressFailure.class)
                .hasMessageContaining("changed since this run read it");
        assertThat(watermark(f, RETURNS).orElseThrow().runId()).isEqualTo("rkey-000000000000");
    }

    @Test
    void chunksOfARunWhoseLeaseAnotherExecutionTookAreRefused() {
        PipelineFixture f = fixture(200, false);
        PlanResult plan = new PlanStep(f.context).run(auto("shop.returns", EXEC_1));
        LeaseStore leases = new LeaseStore(f.lake, f.layout, f.clock);
        f.clock.advance(PipelineFixture.LEASE.plusSeconds(1));
        leases.acquire("embedded", RETURNS, "rkey-111111111111", EXEC_2, PipelineFixture.LEASE);

        assertThatThrownBy(() -> new ExtractChunkStep(f.context).run(new ExtractChunkInput(plan.run(), 0)))
                .isExactlyInstanceOf(RunInProgressFailure.class)
                .hasMessageContaining("rkey-111111111111");
        assertThat(f.lake.listAll(f.layout.chunkManifests("embedded", RETURNS, plan.run().runId()))).isEmpty();
    }

    @Test
    void aRunAndTableTheConfigDoesNotHaveAreConfigurationFailuresNamingThePath() {
        PipelineFixture f = fixture(200, false);
        PlanStep planStep = new PlanStep(f.context);

        assertThatThrownBy(() -> planStep.run(auto("shop.missing", EXEC_1)))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("config/test.yaml: tables:").hasMessageContaining("shop.missing")
                .hasMessageContaining("[shop.orders, shop.returns]");
        assertThatThrownBy(() -> planStep.run(new PlanInput(new RunRequest("elsewhere", "shop.orders", null, null,
                null, null), EXEC_1)))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("config/test.yaml: sources:").hasMessageContaining("[embedded]");
        assertThat(new LeaseStore(f.lake, f.layout, f.clock).read("embedded", ORDERS)).isEmpty();
    }
}
