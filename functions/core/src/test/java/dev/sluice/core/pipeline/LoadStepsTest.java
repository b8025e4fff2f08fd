package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.SchemaDriftFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.warehouse.StatementBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadStepsTest {

    private static final String LOAD_KEY = "_sluice/runs/demo/sales.orders/" + StepFixture.RUN_ID + "/load.json";

    private StepFixture fixture;
    private FakeWarehouse warehouse;

    @BeforeEach
    void seal() throws Exception {
        fixture = new StepFixture().seal();
        warehouse = new FakeWarehouse();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private PipelineContext context() {
        return fixture.context(new FakeCatalog(), new FakeLakeEngine(fixture), Optional.of(warehouse));
    }

    private LoadState start(int copyManifestObjects) {
        return new StartLoadStep(context(), fixture.seams(), copyManifestObjects).run(new RunInput(StepFixture.RUN));
    }

    private LoadState check(LoadState load) {
        return new CheckLoadStep(context(), fixture.seams()).run(new LoadInput(StepFixture.RUN, load));
    }

    private LoadReport storedReport() {
        return LoadReport.fromJson(new String(fixture.lake.get(LOAD_KEY).orElseThrow().bytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void withoutAWarehouseTheLoadIsSkipped() {
        PipelineContext context = fixture.context(new FakeCatalog(), new FakeLakeEngine(fixture), Optional.empty());

        LoadState load = new StartLoadStep(context).run(new RunInput(StepFixture.RUN));

        assertThat(load).isEqualTo(new LoadState(null, "SKIPPED", null));
        assertThat(new CheckLoadStep(context).run(new LoadInput(StepFixture.RUN, load)).state()).isEqualTo("SKIPPED");
        assertThat(fixture.lake.get(LOAD_KEY)).isEmpty();
    }

    @Test
    void startRunsOneBatchCopyingTheRunsPartition() {
        LoadState load = start(StartLoadStep.COPY_MANIFEST_OBJECTS);

        assertThat(load.state()).isEqualTo("RUNNING");
        assertThat(load.reportKey()).isEqualTo(LOAD_KEY);
        StatementBatch batch = warehouse.loads().getFirst();
        assertThat(load.statementId()).isEqualTo("stmt-" + (warehouse.batches.indexOf(batch) + 1));
        assertThat(batch.runId()).isEqualTo(StepFixture.RUN_ID);
        assertThat(batch.statements()).contains("COPY sluice_staged FROM 's3://lake-bucket/raw/demo/sales.orders/"
                + "ingest_date=2026-11-22/run_id=" + StepFixture.RUN_ID + "/' IAM_ROLE '" + StepFixture.ROLE
                + "' FORMAT AS PARQUET");
        assertThat(batch.statements()).anyMatch(s -> s.startsWith("SELECT CASE WHEN count(*) = 20 THEN 0"));
        assertThat(warehouse.batches).anyMatch(b -> b.statements().getLast().contains(
                "FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'orders'"));
    }

    @Test
    void aRunWithManyObjectsIsCopiedThroughItsCopyManifest() throws Exception {
        LoadState load = start(2);

        String manifestKey = "_sluice/runs/demo/sales.orders/" + StepFixture.RUN_ID + "/copy.manifest";
        assertThat(warehouse.loads().getFirst().statements()).contains("COPY sluice_staged FROM 's3://lake-bucket/"
                + manifestKey + "' IAM_ROLE '" + StepFixture.ROLE + "' FORMAT AS PARQUET MANIFEST");
        JsonNode manifest = new ObjectMapper().readTree(fixture.lake.get(manifestKey).orElseThrow().bytes());
        assertThat(manifest.get("entries")).hasSize(2);
        assertThat(manifest.get("entries").get(0).get("url").asText()).isEqualTo("s3://lake-bucket/raw/demo/"
                + "sales.orders/ingest_date=2026-11-22/run_id=" + StepFixture.RUN_ID + "/part-c0001.parquet");
        assertThat(manifest.get("entries").get(0).get("mandatory").asBoolean()).isTrue();
        assertThat(manifest.get("entries").get(0).get("meta").get("content_length").asLong()).isEqualTo(1010);
        assertThat(load.state()).isEqualTo("RUNNING");
        start(2); // a retried start finds the same manifest
    }

    @Test
    void aRunAlreadyInTheLedgerIsNotLoadedAgain() {
        warehouse.ledgerRow = FakeWarehouse.ledger(StepFixture.RUN_ID, 20);

        LoadState load = start(StartLoadStep.COPY_MANIFEST_OBJECTS);

        assertThat(load).isEqualTo(new LoadState(null, "LOADED", LOAD_KEY));
        assertThat(warehouse.loads()).isEmpty();
        assertThat(storedReport().rowsStaged()).isEqualTo(20);
        assertThat(storedReport().targetTable()).isEqualTo("orders");
    }

    @Test
    void aFinishedLoadReadsItsLedgerRowAndWritesTheReport() {
        LoadState load = start(StartLoadStep.COPY_MANIFEST_OBJECTS);
        assertThat(check(load).state()).isEqualTo("RUNNING");

        warehouse.loadStatus = FakeWarehouse.finished();
        warehouse.ledgerRow = FakeWarehouse.ledger(StepFixture.RUN_ID, 20);
        LoadState loaded = check(load);

        assertThat(loaded).isEqualTo(new LoadState(load.statementId(), "LOADED", LOAD_KEY));
        assertThat(storedReport()).isEqualTo(LoadReport.fromJson(storedReport().toJson()));
        assertThat(storedReport().rowsInserted()).isEqualTo(20);
        assertThat(warehouse.batches.getLast().statementName()).isEqualTo("ledger-after-" + load.statementId());
        assertThat(check(loaded)).isEqualTo(loaded);
    }

    @Test
    void aLedgerRowWithOtherStagedRowsThanTheManifestIsALoadFailure() {
        LoadState load = start(StartLoadStep.COPY_MANIFEST_OBJECTS);
        warehouse.loadStatus = FakeWarehouse.finished();
        warehouse.ledgerRow = FakeWarehouse.ledger(StepFixture.RUN_ID, 19);

        assertThatThrownBy(() -> check(load))
                .isInstanceOf(LoadFailure.class)
                .hasMessageContaining("19 rows were staged into analytics.orders but run.json has 20 rows");
        assertThat(fixture.lake.get(LOAD_KEY)).isEmpty();
    }

    @Test
    void aFailedBatchIsTransientOrALoadFailureByTheWarehousesError() {
        LoadState load = start(StartLoadStep.COPY_MANIFEST_OBJECTS);

        warehouse.loadStatus = FakeWarehouse.failed(FailureClass.TRANSIENT,
                "ERROR: 1023 Serializable isolation violation on table orders");
        assertThatThrownBy(() -> check(load)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("Serializable isolation violation");

        warehouse.loadStatus = FakeWarehouse.failed(FailureClass.PERMANENT, "ERROR: invalid input syntax for type"
                + " integer: \"sluice: run " + StepFixture.RUN_ID + " staged 19 rows for analytics.orders but its"
                + " manifest has 20\"");
        assertThatThrownBy(() -> check(load)).isInstanceOf(LoadFailure.class)
                .hasMessageContaining("staged 19 rows for analytics.orders but its manifest has 20")
                .hasMessageContaining("rolled back");
    }

    @Test
    void aTargetColumnOfAnotherTypeIsSchemaDriftNamingTheColumn() {
        warehouse.targetColumns = List.of(
                Arrays.asList("order_id", "bigint", null, "64", "0", "NO"),
                Arrays.asList("qty", "integer", null, "32", "0", "YES"),
                Arrays.asList("total", "character varying", "40", null, null, "YES"),
                Arrays.asList("_sluice_row_hash", "bigint", null, "64", "0", "NO"),
                Arrays.asList("_sluice_run_id", "character varying", "128", null, null, "NO"),
                Arrays.asList("_sluice_extracted_at", "timestamp with time zone", null, null, null, "NO"));

        assertThatThrownBy(() -> start(StartLoadStep.COPY_MANIFEST_OBJECTS))
                .isInstanceOf(SchemaDriftFailure.class)
                .hasMessageContaining("column total is VARCHAR(40) but the run loads DECIMAL(12,2)");
        assertThat(warehouse.loads()).isEmpty();
    }

    @Test
    void anExistingCompatibleTargetGetsOnlyItsNewColumnAdded() {
        warehouse.targetColumns = List.of(
                Arrays.asList("order_id", "bigint", null, "64", "0", "NO"),
                Arrays.asList("qty", "integer", null, "32", "0", "YES"),
                Arrays.asList("_sluice_row_hash", "bigint", null, "64", "0", "NO"),
                Arrays.asList("_sluice_run_id", "character varying", "128", null, null, "NO"),
                Arrays.asList("_sluice_extracted_at", "timestamp with time zone", null, null, null, "NO"));

        start(StartLoadStep.COPY_MANIFEST_OBJECTS);

        assertThat(warehouse.loads().getFirst().statements())
                .contains("ALTER TABLE \"analytics\".\"orders\" ADD COLUMN \"total\" DECIMAL(12,2)")
                .noneMatch(s -> s.contains("ADD COLUMN \"qty\""));
    }
}
