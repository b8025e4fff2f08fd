package dev.sluice.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.extract.chunk.PlannedSchema;
import dev.sluice.core.failure.ValidationMismatchFailure;
import dev.sluice.core.plan.Chunk;
import dev.sluice.core.plan.ChunkPlan;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.validate.ValidationReport;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.watermark.WatermarkWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Validation of a change tracking increment whose lake rows include deletes ({@code _sluice_op = 'D'}: the key and
 * NULLs): the measures count them as rows and their NULLs as nulls, exactly as the extractor's manifest did; the
 * source sample checks a delete by the key's absence at the source (a row there again is MISSING from the lake's
 * view), not by its hash; and a chunk of changes is not narrowed against the table's key range, which holds the
 * unchanged rows too.
 */
class ChangeTrackingValidationTest {

    private StepFixture fixture;
    private PipelineContext context;

    @BeforeEach
    void seal() throws Exception {
        fixture = new StepFixture();
        fixture.watermark = new WatermarkConfig(WatermarkConfig.Type.CHANGE_TRACKING, null, null, null);
        fixture.sampleSize = 100; // every row of the run is sampled
        fixture.seal(4, 15);
        context = fixture.context(new FakeCatalog(), new FakeLakeEngine(fixture), Optional.empty());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private ValidationState check() {
        ValidationState started = new StartValidationStep(context, fixture.seams())
                .run(new RunInput(StepFixture.RUN));
        return new CheckValidationStep(context, fixture.seams()).run(new ValidationInput(StepFixture.RUN, started));
    }

    private ValidationReport storedReport() {
        String key = fixture.layout.validationReport("demo", StepFixture.TABLE, StepFixture.RUN_ID);
        return ValidationReport.fromJson(new String(fixture.lake.get(key).orElseThrow().bytes(),
                StandardCharsets.UTF_8));
    }

    @Test
    void deletesAreRowsOfTheRunAndAgreeWithASourceThatNoLongerHasTheirKeys() {
        ValidationState started = new StartValidationStep(context, fixture.seams())
                .run(new RunInput(StepFixture.RUN));
        assertThat(((FakeLakeEngine) context.queries()).started.get(started.queries().get("source-sample")).sql())
                .contains("\"_sluice_row_hash\", \"_sluice_op\" FROM");

        assertThat(check().state()).isEqualTo("PASSED");
        ValidationReport report = storedReport();
        assertThat(report.chunks()).allMatch(ValidationReport.ChunkReport::passed);
        // 18 rows still at the source and the 2 deletes, all compared
        assertThat(report.sample().compared()).isEqualTo(20);
        assertThat(report.sample().differences()).isEmpty();
        ValidationReport.ChunkReport first = report.chunks().getFirst();
        assertThat(first.checks()).anySatisfy(c -> {
            assertThat(c.measure()).isEqualTo("row_count");
            assertThat(c.expected()).isEqualTo("10");
        });
    }

    @Test
    void aDeletedKeyThatIsBackAtTheSourceIsMissingFromTheLake() throws Exception {
        fixture.updateSource("INSERT INTO sales.orders VALUES (15, 45, 18.75)");

        assertThatThrownBy(this::check)
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("source sample chunk c0002 key (15): MISSING, lake row hash "
                        + fixture.lakeRow(15).hash + ", source row hash");
        assertThat(storedReport().sample().differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DifferenceKind.MISSING);
            assertThat(d.sourceHash()).isNotNull().isNotEqualTo(d.lakeHash());
        });
    }

    @Test
    void aChunkOfChangesThatDiffersIsReportedByMeasureWithoutNarrowingAgainstTheWholeTable() {
        StepFixture.LakeRow row = fixture.lakeRow(14);
        row.qty = 999;
        row.hash = row.hash + 1;
        storePlan(Chunk.Kind.CHANGES);

        assertThatThrownBy(this::check)
                .isInstanceOf(ValidationMismatchFailure.class)
                .hasMessageContaining("chunk c0002: sum(qty) expected");
        ValidationReport.ChunkReport c2 = storedReport().chunks().get(1);
        assertThat(c2.passed()).isFalse();
        assertThat(c2.keys()).isEmpty();
    }

    @Test
    void aFullLoadOfTheSameTableIsStillNarrowedToItsKeys() {
        StepFixture.LakeRow row = fixture.lakeRow(14);
        row.qty = 999;
        row.hash = row.hash + 1;
        storePlan(Chunk.Kind.RANGE);

        assertThatThrownBy(this::check).hasMessageContaining("chunk c0002 keys: (14) CHANGED");
    }

    /** The run's plan, its chunks of {@code kind}, as the Plan step stores it. */
    private void storePlan(Chunk.Kind kind) {
        boolean changes = kind == Chunk.Kind.CHANGES;
        WatermarkWindow window = new WatermarkWindow(WatermarkConfig.Type.CHANGE_TRACKING, null,
                changes ? KeyValue.ofLong(10) : null, KeyValue.ofLong(20), changes ? KeyValue.ofLong(10) : null,
                KeyValue.ofInstant(Instant.parse("2026-11-22T05:00:00Z")), !changes, false, "current version",
                List.of());
        List<Chunk> chunks = List.of(
                new Chunk(0, "c0001", kind, changes ? KeyRange.wholeTable() : KeyRange.between(List.of("order_id"),
                        null, List.of(KeyValue.ofLong(10))), -1),
                new Chunk(1, "c0002", kind, changes ? KeyRange.wholeTable() : KeyRange.between(List.of("order_id"),
                        List.of(KeyValue.ofLong(10)), null), -1));
        ChunkPlan plan = new ChunkPlan(ChunkPlan.FORMAT_VERSION, "demo", "sales.orders", StepFixture.RUN_ID,
                changes ? "changeTracking-incremental" : "changeTracking-backfill", window, fixture.fingerprint(),
                IsolationLevel.SNAPSHOT, changes ? List.of() : List.of("order_id"), 20, 4096, 100_000, "test", false,
                List.of(), chunks);
        new RunFolder(fixture.lake, fixture.layout).writePlan(new PlannedRun(PlannedRun.FORMAT_VERSION,
                RunRequest.Mode.AUTO, null, StepFixture.INGEST, Instant.parse("2026-11-22T05:00:00Z"), null,
                PlannedSchema.of(fixture.mappings), plan));
    }
}
