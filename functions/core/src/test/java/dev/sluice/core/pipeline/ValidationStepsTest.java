package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidationStepsTest {

    private StepFixture fixture;
    private FakeLakeEngine engine;
    private PipelineContext context;

    @BeforeEach
    void seal() throws Exception {
        fixture = new StepFixture();
        fixture.sampleSize = 6;
        fixture.seal();
        engine = new FakeLakeEngine(fixture);
        context = fixture.context(new FakeCatalog(), engine, Optional.empty());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private ValidationState start() {
        return new StartValidationStep(context, fixture.seams()).run(new RunInput(StepFixture.RUN));
    }

    private ValidationState check(ValidationState state) {
        return new CheckValidationStep(context, fixture.seams()).run(new ValidationInput(StepFixture.RUN, state));
    }

    private ValidationReport storedReport() {
        String key = fixture.layout.validationReport("demo", StepFixture.TABLE, StepFixture.RUN_ID);
        return ValidationReport.fromJson(new String(fixture.lake.get(key).orElseThrow().bytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void startRunsTheMeasuresDuplicatesAndSampleOverTheRunsCatalogTable() {
        ValidationState state = start();

        assertThat(state.state()).isEqualTo("RUNNING");
        assertThat(state.queries()).containsOnlyKeys("chunk-measures", "duplicate-keys", "source-sample");
        assertThat(state.reportKey()).isEqualTo("_sluice/runs/demo/sales.orders/" + StepFixture.RUN_ID
                + "/validation.json");
        var measures = engine.started.get(state.queries().get("chunk-measures"));
        assertThat(measures.sql()).contains("FROM \"sluice_test\".\"demo_sales_orders\"")
                .contains("\"run_id\" = '" + StepFixture.RUN_ID + "'");
        assertThat(measures.workgroup()).isEqualTo("primary");
        assertThat(measures.database()).isEqualTo("sluice_test");
        assertThat(engine.started.get(state.queries().get("source-sample")).sql()).endsWith("LIMIT 6");
    }

    @Test
    void aRunningQueryKeepsTheStateRunningAndWritesNoReport() {
        ValidationState state = start();
        engine.statuses.put("duplicate-keys", QueryStatus.running());

        ValidationState checked = check(state);

        assertThat(checked.state()).isEqualTo("RUNNING");
        assertThat(checked.queries()).isEqualTo(state.queries());
        assertThat(fixture.lake.get(state.reportKey())).isEmpty();
    }

    @Test
    void matchingMeasuresAndSamplePassAndTheReportIsWritten() {
        ValidationState checked = check(start());

        assertThat(checked.state()).isEqualTo("PASSED");
        ValidationReport report = storedReport();
        assertThat(report.passed()).isTrue();
        assertThat(report.chunks()).extracting(ValidationReport.ChunkReport::chunkId).containsExactly("c0001", "c0002");
        assertThat(report.sample().requested()).isEqualTo(6);
        assertThat(report.sample().compared()).isEqualTo(6);
        assertThat(report.sample().differences()).isEmpty();
        assertThat(ValidationReport.fromJson(report.toJson())).isEqualTo(report);
        // a retried check rewrites nothing and passes again
        assertThat(check(start()).state()).isEqualTo("PASSED");
    }

    @Test
    void aLakeRowThatDiffersFromItsManifestFailsNamingChunkMeasureValuesKeyAndReport() {
        StepFixture.LakeRow row = fixture.lakeRow(14);
        row.qty = 999;
        row.hash = row.hash + 1;

        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("chunk c0002: sum(qty) expected 423 (manifest), found 1422 (lake)")
                .hasMessageContaining("chunk c0002: nulls(qty) expected 1 (manifest), found 0 (lake)")
                .hasMessageContaining("chunk c0002 keys: (14) CHANGED")
                .hasMessageContaining("s3://lake-bucket/_sluice/runs/demo/sales.orders/" + StepFixture.RUN_ID
                        + "/validation.json");
        ValidationReport report = storedReport();
        assertThat(report.passed()).isFalse();
        ValidationReport.ChunkReport c2 = report.chunks().get(1);
        assertThat(c2.passed()).isFalse();
        assertThat(c2.keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
            assertThat(k.key()).containsExactly("14");
        });
        assertThat(report.chunks().get(0).passed()).isTrue();
    }

    @Test
    void aLakeValueEditedUnderItsRowHashFailsNamingChunkMeasureBothValuesAndKey() {
        fixture.lakeRow(13).total = new BigDecimal("99.99"); // was 16.25; _sluice_row_hash kept

        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("chunk c0002: sum(total) expected 193.75 (manifest), found 277.49 (lake)")
                .hasMessageContaining("chunk c0002 keys: (13) CHANGED [sum(total): total 16.25 in the source, 99.99"
                        + " in the lake; row hash " + fixture.lakeRow(13).hash + " in both: the lake's value was"
                        + " changed after it was written (its _sluice_row_hash was not)]");
        ValidationReport.ChunkReport c2 = storedReport().chunks().get(1);
        assertThat(c2.keys()).singleElement().satisfies(k -> assertThat(k.key()).containsExactly("13"));
        assertThat(c2.keysComplete()).isTrue();
        assertThat(engine.started.values()).anyMatch(q -> q.queryName().startsWith("probe-totals"))
                .anyMatch(q -> q.queryName().startsWith("probe-values"));
    }

    @Test
    void aRowMissingFromTheLakeIsNamedAsMissing() {
        fixture.lakeRows.remove(fixture.lakeRow(3));

        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("chunk c0001: row_count expected 10 (manifest), found 9 (lake)")
                .hasMessageContaining("(3) MISSING");
    }

    @Test
    void aSourceRowChangedAfterExtractionFailsTheSourceSample() throws Exception {
        fixture.sampleSize = 100; // every row of the run is sampled
        context = fixture.context(new FakeCatalog(), engine, Optional.empty());
        fixture.updateSource("UPDATE sales.orders SET total = 1.00 WHERE order_id = 5");

        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("source sample chunk c0001 key (5): CHANGED, lake row hash "
                        + fixture.lakeRow(5).hash);
        ValidationReport report = storedReport();
        assertThat(report.chunks()).allMatch(ValidationReport.ChunkReport::passed);
        assertThat(report.sample().compared()).isEqualTo(20);
        assertThat(report.sample().differences()).singleElement()
                .satisfies(d -> assertThat(d.sourceHash()).isNotNull().isNotEqualTo(d.lakeHash()));
    }

    @Test
    void aSourceRowDeletedAfterExtractionIsAnExtraLakeKeyInTheSample() throws Exception {
        fixture.sampleSize = 100;
        context = fixture.context(new FakeCatalog(), engine, Optional.empty());
        fixture.updateSource("DELETE FROM sales.orders WHERE order_id = 17");

        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("chunk c0002 key (17): EXTRA")
                .hasMessageContaining("source has no row with this key");
    }

    @Test
    void theSampleIsTheSameKeysEveryTimeForARun() {
        ValidationState state = start();
        String sql = engine.started.get(state.queries().get("source-sample")).sql();

        assertThat(start().queries()).isEqualTo(state.queries());
        assertThat(engine.started.get(state.queries().get("source-sample")).sql()).isEqualTo(sql)
                .contains("xor(\"_sluice_row_hash\", " + SourceSample.seed(StepFixture.RUN_ID) + ")");
        assertThat(SourceSample.seed(StepFixture.RUN_ID)).isNotEqualTo(SourceSample.seed("r20261122-other"));
    }

    @Test
    void aFailedReportIsReplacedOnARedriveButAPassingOneIsKept() {
        StepFixture.LakeRow row = fixture.lakeRow(2);
        long original = row.hash;
        row.hash = original + 5;
        assertThatThrownBy(() -> check(start())).isInstanceOf(ValidationMismatchFailure.class);
        assertThat(storedReport().passed()).isFalse();

        row.hash = original; // the lake was repaired; a redrive validates again
        assertThat(check(start()).state()).isEqualTo("PASSED");
        assertThat(storedReport().passed()).isTrue();

        row.hash = original + 5; // the lake changed after the run passed
        assertThatThrownBy(() -> check(start()))
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("holds a passing report");
        assertThat(storedReport().passed()).isTrue();
    }

    @Test
    void aFailedQueryIsTransientOrConfigurationByItsFailureClass() {
        ValidationState state = start();
        engine.statuses.put("chunk-measures", FakeLakeEngine.failed(FailureClass.TRANSIENT, "ThrottlingException"));
        assertThatThrownBy(() -> check(state)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("chunk-measures").hasMessageContaining("ThrottlingException");

        engine.statuses.put("chunk-measures", FakeLakeEngine.failed(FailureClass.PERMANENT,
                "TABLE_NOT_FOUND: demo_sales_orders"));
        assertThatThrownBy(() -> check(state)).isInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("TABLE_NOT_FOUND: demo_sales_orders");
    }
}
