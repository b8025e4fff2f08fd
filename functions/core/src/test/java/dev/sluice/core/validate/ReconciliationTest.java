package dev.sluice.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.config.ValidationOptions;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ObjectChecksum;
import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.validate.ValidationReport.DifferenceKind;
import dev.sluice.core.validate.ValidationReport.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static final String RUN = "r20261120-aaaaaaaaaaaa";
    private static final List<ValidatedColumn> COLUMNS = List.of(
            new ValidatedColumn("id", ValidatedColumn.Kind.EXACT_NUMERIC, 0),
            new ValidatedColumn("amount", ValidatedColumn.Kind.EXACT_NUMERIC, 2));

    /** 300 source rows: keys 1..150 in chunk c1, 151..300 in c2; hash and amount derived from the key. */
    private final List<FakeProbe.Row> source = new ArrayList<>();
    private final Map<Long, String> amounts = new HashMap<>();

    ReconciliationTest() {
        for (long k = 1; k <= 300; k++) {
            source.add(new FakeProbe.Row(k <= 150 ? "c1" : "c2", k, hash(k, "")));
            amounts.put(k, new BigDecimal(k).multiply(new BigDecimal("1.25")).toPlainString());
        }
    }

    private static long hash(long key, String salt) {
        long h = 0x9E3779B97F4A7C15L * (key + 1) ^ salt.hashCode();
        return h ^ (h >>> 29);
    }

    private List<ChunkManifest> manifests() {
        return new FakeProbe(source).measures(amounts).stream().map(m -> new ChunkManifest(RUN, m.chunkId(), "erp",
                "sales.orders", "raw/erp/sales.orders/run_id=" + RUN + "/part-" + m.chunkId() + ".parquet", 1000,
                "\"etag\"", new ObjectChecksum(ObjectChecksum.CRC32C, "AAAAAA==", null), m.rowCount(),
                JsonNodeFactory.instance.arrayNode().add((Long) m.keyMin().values().getFirst()),
                JsonNodeFactory.instance.arrayNode().add((Long) m.keyMax().values().getFirst()),
                m.nullCounts(), m.sums(), m.digest(), "fp1", null)).toList();
    }

    private ValidationReport reconcile(List<FakeProbe.Row> lakeRows, Map<Long, String> lakeAmounts) {
        FakeProbe lake = new FakeProbe(lakeRows);
        return new Reconciliation(ValidationOptions.DEFAULT, List.of("id"), COLUMNS).reconcile("sales.orders", RUN,
                manifests(), lake.measures(lakeAmounts), lake, new FakeProbe(source));
    }

    @Test
    void identicalRunPasses() {
        ValidationReport report = reconcile(source, amounts);
        assertThat(report.passed()).isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.chunks()).extracting(ValidationReport.ChunkReport::chunkId).containsExactly("c1", "c2");
        assertThat(report.renderText()).contains("chunk c2: PASS").contains("key_min");
    }

    @Test
    void changedValueFailsNamingChunkMeasureAndKey() {
        List<FakeProbe.Row> lake = new ArrayList<>(source);
        lake.set(136, new FakeProbe.Row("c1", 137, hash(137, "changed")));
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.put(137L, "999.99");

        ValidationReport report = reconcile(lake, lakeAmounts);

        assertThat(report.passed()).isFalse();
        ValidationReport.ChunkReport c1 = report.chunks().getFirst();
        assertThat(c1.chunkId()).isEqualTo("c1");
        assertThat(c1.passed()).isFalse();
        assertThat(report.chunks().get(1).passed()).isTrue();
        assertThat(report.failures()).contains("chunk c1: sum(amount) expected 14156.25, found 14984.99");
        assertThat(report.failures()).anyMatch(f -> f.startsWith("chunk c1: row_hash_digest"));
        assertThat(c1.keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
            assertThat(k.key()).containsExactly("137");
        });
        assertThat(report.renderText()).contains("key (137): CHANGED");
    }

    /** Reconciles lake rows (hashes as the source's) with edited amounts against the source's rows and amounts. */
    private ValidationReport reconcileValues(FakeProbe lake, FakeProbe sourceNow, Map<Long, String> lakeAmounts) {
        return new Reconciliation(ValidationOptions.DEFAULT, List.of("id"), COLUMNS).reconcile("sales.orders", RUN,
                manifests(), lake.measures(lakeAmounts), lake, sourceNow);
    }

    @Test
    void aValueChangedUnderItsRowHashIsNarrowedToItsKeyByTheFailingColumn() {
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.put(137L, "999.99"); // _sluice_row_hash left as it was
        FakeProbe lake = new FakeProbe(source, lakeAmounts);

        ValidationReport report = reconcileValues(lake, new FakeProbe(source, amounts), lakeAmounts);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).containsExactly("chunk c1: sum(amount) expected 14156.25, found 14984.99");
        ValidationReport.ChunkReport c1 = report.chunks().getFirst();
        assertThat(c1.keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
            assertThat(k.key()).containsExactly("137");
            assertThat(k.detail()).isEqualTo("sum(amount): amount 171.25 in the source, 999.99 in the lake; row hash "
                    + hash(137, "") + " in both: the lake's value was changed after it was written (its"
                    + " _sluice_row_hash was not)");
        });
        assertThat(c1.keysComplete()).isTrue();
        assertThat(report.chunks().get(1).keys()).isEmpty();
        // 1 digest summary, then per halving of 150 rows down to 32 a middle key and one half's totals (the other
        // half's are the difference), the chunk's totals and one listing: 1 + 1 + 3 * 2 + 1
        assertThat(lake.queries.get()).isEqualTo(9);
    }

    @Test
    void aValueSetToNullUnderItsRowHashNamesBothFailingMeasuresAndTheKey() {
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.remove(42L);
        FakeProbe lake = new FakeProbe(source, lakeAmounts);

        ValidationReport report = reconcileValues(lake, new FakeProbe(source, amounts), lakeAmounts);

        assertThat(report.failures()).containsExactly("chunk c1: nulls(amount) expected 0, found 1",
                "chunk c1: sum(amount) expected 14156.25, found 14103.75");
        assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
            assertThat(k.key()).containsExactly("42");
            assertThat(k.detail()).startsWith("nulls(amount) and sum(amount): amount 52.50 in the source, NULL in"
                    + " the lake; row hash ");
        });
    }

    @Test
    void changedValuesInBothHalvesOfAChunkAreAllNamed() {
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.put(3L, "0.01");
        lakeAmounts.put(149L, "1000.00");
        lakeAmounts.put(290L, "-5");

        ValidationReport report = reconcileValues(new FakeProbe(source, lakeAmounts), new FakeProbe(source, amounts),
                lakeAmounts);

        assertThat(report.chunks().get(0).keys()).extracting(k -> k.key().getFirst()).containsExactly("3", "149");
        assertThat(report.chunks().get(1).keys()).extracting(k -> k.key().getFirst()).containsExactly("290");
        assertThat(report.chunks()).allSatisfy(c -> assertThat(c.keysComplete()).isTrue());
    }

    @Test
    void valueNarrowingStopsAtItsQueryBudgetAndSaysTheKeysAreIncomplete() {
        // one chunk of 6000 rows with 60 changed values spread over it: more leaves than the budget reaches
        List<FakeProbe.Row> rows = new ArrayList<>();
        Map<Long, String> big = new HashMap<>();
        Map<Long, String> edited = new HashMap<>();
        for (long k = 1; k <= 6000; k++) {
            rows.add(new FakeProbe.Row("c1", k, hash(k, "")));
            big.put(k, Long.toString(k));
            edited.put(k, Long.toString(k % 100 == 0 ? k + 1 : k));
        }
        FakeProbe sourceNow = new FakeProbe(rows, big);
        FakeProbe lake = new FakeProbe(rows, edited);
        List<ChunkManifest> manifests = sourceNow.measures(big).stream().map(m -> new ChunkManifest(RUN,
                m.chunkId(), "erp", "sales.orders", "k", 1, "\"e\"", new ObjectChecksum(ObjectChecksum.CRC32C,
                "AAAAAA==", null), m.rowCount(), JsonNodeFactory.instance.arrayNode().add(1),
                JsonNodeFactory.instance.arrayNode().add(6000), m.nullCounts(), m.sums(), m.digest(), "fp", null))
                .toList();

        ValidationReport report = new Reconciliation(ValidationOptions.DEFAULT, List.of("id"), COLUMNS)
                .reconcile("t", RUN, manifests, lake.measures(edited), lake, sourceNow);

        ValidationReport.ChunkReport c1 = report.chunks().getFirst();
        assertThat(c1.keysComplete()).isFalse();
        assertThat(c1.keys()).isNotEmpty().hasSizeLessThan(60)
                .allSatisfy(k -> assertThat(Long.parseLong(k.key().getFirst()) % 100).isZero());
        assertThat(lake.queries.get()).isEqualTo(1 + Reconciliation.COLUMN_QUERIES);
    }

    @Test
    void aLakeThatMatchesTheSourceButNotItsManifestNamesNoKeyAndSaysSo() {
        // the source row changed since extraction exactly as the lake's value did, its hash included
        List<FakeProbe.Row> now = new ArrayList<>(source);
        Map<Long, String> changed = new HashMap<>(amounts);
        changed.put(7L, "1.00");
        FakeProbe lake = new FakeProbe(now, changed);

        ValidationReport report = reconcileValues(lake, new FakeProbe(now, changed), changed);

        assertThat(report.failures()).containsExactly("chunk c1: sum(amount) expected 14156.25, found 14148.50");
        assertThat(report.chunks().getFirst().keys()).isEmpty();
        assertThat(report.chunks().getFirst().keysComplete()).isFalse();
    }

    @Test
    void aValueChangedAtTheSourceAfterExtractionSaysItsRowHashDiffers() {
        // the lake is as extracted but its value was edited; the source row changed too, with a new hash
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.put(88L, "5.00");
        List<FakeProbe.Row> now = new ArrayList<>(source);
        now.set(87, new FakeProbe.Row("c1", 88, hash(88, "updated")));
        Map<Long, String> sourceAmounts = new HashMap<>(amounts);
        sourceAmounts.put(88L, "6.00");

        ValidationReport report = reconcileValues(new FakeProbe(source, lakeAmounts), new FakeProbe(now,
                sourceAmounts), lakeAmounts);

        // the digest bisection names 88 (its hash differs from the source's now) without the value
        assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
            assertThat(k.key()).containsExactly("88");
            assertThat(k.kind()).isEqualTo(DifferenceKind.CHANGED);
        });
    }

    @Test
    void droppedRowFailsNamingChunkAndMissingKey() {
        List<FakeProbe.Row> lake = new ArrayList<>(source);
        lake.remove(199); // key 200, chunk c2

        ValidationReport report = reconcile(lake, amounts);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).contains("chunk c2: row_count expected 150, found 149");
        ValidationReport.ChunkReport c2 = report.chunks().get(1);
        assertThat(c2.keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.MISSING);
            assertThat(k.key()).containsExactly("200");
        });
        assertThat(c2.keysComplete()).isTrue();
    }

    @Test
    void duplicatedRowFailsNamingChunkAndDuplicateKey() {
        List<FakeProbe.Row> lake = new ArrayList<>(source);
        lake.add(new FakeProbe.Row("c1", 42, hash(42, "")));

        FakeProbe sourceProbe = new FakeProbe(source);
        FakeProbe lakeProbe = new FakeProbe(lake);
        ValidationReport report = new Reconciliation(ValidationOptions.DEFAULT, List.of("id"), COLUMNS)
                .reconcile("sales.orders", RUN, manifests(), lakeProbe.measures(amounts), lakeProbe, sourceProbe);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).contains("chunk c1: duplicate_keys expected 0, found 1",
                "chunk c1: row_count expected 150, found 151");
        assertThat(report.chunks().getFirst().keys()).singleElement().satisfies(k -> {
            assertThat(k.kind()).isEqualTo(DifferenceKind.DUPLICATE);
            assertThat(k.key()).containsExactly("42");
            assertThat(k.detail()).isEqualTo("2 copies in the lake, 1 in the source");
        });
        // bisection, not a full listing: far fewer summaries than rows, and the clean chunk c2 needs one
        assertThat(lakeProbe.summaries.get()).isBetween(2, 20);
    }

    private static final RowHashDigest ONE_ROW = new RowHashDigest(1, "5", "0000000000000005");

    /** A one-row chunk manifest with an exact sum of id and the float sum of ratio. */
    private static ChunkManifest floatManifest(String chunk, String ratio) {
        return new ChunkManifest(RUN, chunk, "erp", "sales.orders", "k", 1, "\"e\"",
                new ObjectChecksum(ObjectChecksum.CRC32C, "AAAAAA==", null), 1,
                JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.arrayNode().add(1),
                Map.of(), Map.of("id", "1"), Map.of("ratio", ratio), ONE_ROW, "fp", null);
    }

    private static ChunkMeasures floatMeasures(String chunk, String ratio, String id) {
        return new ChunkMeasures(chunk, 1, Key.of(1), Key.of(1), 1L, Map.of(), Map.of("ratio", ratio, "id", id),
                ONE_ROW);
    }

    private static Reconciliation floatReconciliation(double tolerance) {
        return new Reconciliation(new ValidationOptions(10, tolerance), List.of("id"),
                List.of(COLUMNS.getFirst(), new ValidatedColumn("ratio", ValidatedColumn.Kind.FLOAT, 0)));
    }

    @Test
    void floatSumsUseTheConfiguredToleranceAndExactSumsNone() {
        Reconciliation strict = floatReconciliation(1e-9);
        ChunkManifest manifest = floatManifest("c1", "0.3");

        ValidationReport close = strict.reconcile("t", RUN, List.of(manifest),
                List.of(floatMeasures("c1", "0.30000000000000004", "1")));
        assertThat(close.passed()).isTrue();
        assertThat(close.chunks().getFirst().checks()).anySatisfy(c -> {
            assertThat(c.measure()).isEqualTo("float_sum(ratio)");
            assertThat(c.expected()).isEqualTo("0.3");
            assertThat(c.found()).isEqualTo("0.30000000000000004");
            assertThat(c.verdict()).isEqualTo(Verdict.PASS);
        });

        ValidationReport far = strict.reconcile("t", RUN, List.of(manifest),
                List.of(floatMeasures("c1", "0.3001", "1.0")));
        assertThat(far.passed()).isFalse();
        assertThat(far.failures()).containsExactly("chunk c1: float_sum(ratio) expected 0.3, found 0.3001");

        // the same difference passes a looser tolerance: 1e-4 / 0.3001 < 1e-3
        assertThat(floatReconciliation(1e-3).reconcile("t", RUN, List.of(manifest),
                List.of(floatMeasures("c1", "0.3001", "1"))).passed()).isTrue();

        assertThat(strict.reconcile("t", RUN, List.of(manifest), List.of(floatMeasures("c1", "0.3", "1.0000000001")))
                .failures()).containsExactly("chunk c1: sum(id) expected 1, found 1.0000000001");
    }

    @Test
    void aFloatSumOfTheOppositeSignOrFromAnAbsentColumnFails() {
        ValidationReport report = floatReconciliation(1e-9).reconcile("t", RUN, List.of(floatManifest("c1", "5.0")),
                List.of(floatMeasures("c1", "-5.0", "1")));
        assertThat(report.failures()).containsExactly("chunk c1: float_sum(ratio) expected 5.0, found -5.0");
        ChunkMeasures noColumn = new ChunkMeasures("c1", 1, Key.of(1), Key.of(1), 1L, Map.of(), Map.of("id", "1"),
                ONE_ROW);
        assertThat(floatReconciliation(1e-9).reconcile("t", RUN, List.of(floatManifest("c1", "5.0")),
                List.of(noColumn)).failures()).containsExactly("chunk c1: float_sum(ratio) expected 5.0, found column"
                + " absent");
    }

    @Test
    void nanMatchesOnlyNanAndAnInfinityOnlyTheSameInfinity() {
        Reconciliation loose = floatReconciliation(0.01);
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "NaN")),
                List.of(floatMeasures("c1", "NaN", "1"))).passed()).isTrue();
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "NaN")),
                List.of(floatMeasures("c1", "1.5", "1"))).failures())
                .containsExactly("chunk c1: float_sum(ratio) expected NaN, found 1.5");
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "2.5")),
                List.of(floatMeasures("c1", "NaN", "1"))).failures())
                .containsExactly("chunk c1: float_sum(ratio) expected 2.5, found NaN");
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "Infinity")),
                List.of(floatMeasures("c1", "Infinity", "1"))).passed()).isTrue();
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "Infinity")),
                List.of(floatMeasures("c1", "-Infinity", "1"))).failures())
                .containsExactly("chunk c1: float_sum(ratio) expected Infinity, found -Infinity");
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "Infinity")),
                List.of(floatMeasures("c1", "1.7976931348623157E308", "1"))).passed()).isFalse();
        assertThat(loose.reconcile("t", RUN, List.of(floatManifest("c1", "-Infinity")),
                List.of(floatMeasures("c1", "NaN", "1"))).passed()).isFalse();
    }

    @Test
    void toleranceIsRelativeToTheLargerMagnitudeWithAFloorNearZero() {
        assertThat(Reconciliation.withinTolerance(1e12, 1e12 + 1, 1e-9)).isTrue();
        assertThat(Reconciliation.withinTolerance(1e12, 1e12 + 10_000, 1e-9)).isFalse();
        assertThat(Reconciliation.withinTolerance(-1.0, 1.0, 0.01)).isFalse();
        assertThat(Reconciliation.withinTolerance(0.0, -0.0, 0)).isTrue();
        assertThat(Reconciliation.withinTolerance(0.0, 1e-300, 1e-9)).isFalse();
        assertThat(Reconciliation.withinTolerance(1.7976931348623157E308, -1.7976931348623157E308, 0.01)).isFalse();
    }

    @Test
    void measuresReadFloatSumsFromDoublesAndAthenaText() {
        List<ValidatedColumn> columns = List.of(new ValidatedColumn("ratio", ValidatedColumn.Kind.FLOAT, 0),
                new ValidatedColumn("gauge", ValidatedColumn.Kind.FLOAT, 0),
                new ValidatedColumn("peak", ValidatedColumn.Kind.FLOAT, 0),
                new ValidatedColumn("empty", ValidatedColumn.Kind.FLOAT, 0));
        Map<String, Object> row = new HashMap<>(Map.of("chunk_id", "c1", "row_count", "1", "hash_sum", "5",
                "nulls_0", "0", "nulls_1", "0", "nulls_2", "0", "nulls_3", "1"));
        for (int b = 0; b < 64; b++) {
            row.put("hash_bit_" + b, b == 0 || b == 2 ? "1" : "0");
        }
        row.put("sum_0", 0.1 + 0.2);
        row.put("sum_1", "NaN");
        row.put("sum_2", "-Infinity");
        ChunkMeasures m = ChunkMeasures.fromRow(row, QueryDialect.ATHENA, List.of(), columns);
        assertThat(m.sums()).containsEntry("ratio", "0.30000000000000004").containsEntry("gauge", "NaN")
                .containsEntry("peak", "-Infinity").containsEntry("empty", "0.0");
    }

    @Test
    void chunkMissingFromTheLakeOrUnknownToTheManifestsFails() {
        List<FakeProbe.Row> lake = new ArrayList<>(source.stream().filter(r -> r.chunk().equals("c1")).toList());
        lake.add(new FakeProbe.Row("c9", 999, 1));
        Map<Long, String> lakeAmounts = new HashMap<>(amounts);
        lakeAmounts.put(999L, "1");
        ValidationReport report = new Reconciliation(ValidationOptions.DEFAULT, List.of("id"), COLUMNS)
                .reconcile("sales.orders", RUN, manifests(), new FakeProbe(lake).measures(lakeAmounts));
        assertThat(report.failures()).containsExactly(
                "chunk c2: row_count expected 150, found 0 (no rows in the lake)",
                "chunk c9: chunk_present expected no (no manifest), found yes, 1 rows");
    }

    @Test
    void reportSurvivesJsonAndRendersATablePerChunk() {
        List<FakeProbe.Row> lake = new ArrayList<>(source);
        lake.remove(0);
        ValidationReport report = reconcile(lake, amounts);
        ValidationReport back = ValidationReport.fromJson(report.toJson());
        assertThat(back).isEqualTo(report);
        assertThat(report.toJson()).contains("\"verdict\" : \"FAIL\"").contains("\"kind\" : \"MISSING\"");
        String text = report.renderText();
        assertThat(text).startsWith("Validation of sales.orders run " + RUN + ": FAILED\n");
        assertThat(text).containsPattern("row_count +150 +149 +FAIL");
        assertThat(text).contains("key (1): MISSING");
        assertThat(report.chunks().getFirst().checks()).extracting(ValidationReport.Check::verdict)
                .contains(Verdict.FAIL, Verdict.PASS);
    }
}
