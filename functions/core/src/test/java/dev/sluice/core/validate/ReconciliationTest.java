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

    @Test
    void floatSumsUseTheConfiguredToleranceAndExactSumsNone() {
        ValidatedColumn ratio = new ValidatedColumn("ratio", ValidatedColumn.Kind.FLOAT, 0);
        Reconciliation strict = new Reconciliation(new ValidationOptions(10, 1e-9), List.of("id"),
                List.of(COLUMNS.getFirst(), ratio));
        ChunkManifest manifest = new ChunkManifest(RUN, "c1", "erp", "sales.orders", "k", 1, "\"e\"",
                new ObjectChecksum(ObjectChecksum.CRC32C, "AAAAAA==", null), 1,
                JsonNodeFactory.instance.arrayNode().add(1), JsonNodeFactory.instance.arrayNode().add(1),
                Map.of(), Map.of("ratio", "0.3", "id", "1"), new RowHashDigest(1, "5", "0000000000000005"), "fp",
                null);
        ChunkMeasures close = new ChunkMeasures("c1", 1, Key.of(1), Key.of(1), 1L, Map.of(),
                Map.of("ratio", "0.30000000000000004", "id", "1"), new RowHashDigest(1, "5", "0000000000000005"));
        assertThat(strict.reconcile("t", RUN, List.of(manifest), List.of(close)).passed()).isTrue();

        ChunkMeasures far = new ChunkMeasures("c1", 1, Key.of(1), Key.of(1), 1L, Map.of(),
                Map.of("ratio", "0.3001", "id", "1.0"), new RowHashDigest(1, "5", "0000000000000005"));
        ValidationReport report = strict.reconcile("t", RUN, List.of(manifest), List.of(far));
        assertThat(report.failures()).containsExactly("chunk c1: sum(ratio) expected 0.3, found 0.3001");

        ChunkMeasures exactOff = new ChunkMeasures("c1", 1, Key.of(1), Key.of(1), 1L, Map.of(),
                Map.of("ratio", "0.3", "id", "1.0000000001"), new RowHashDigest(1, "5", "0000000000000005"));
        assertThat(strict.reconcile("t", RUN, List.of(manifest), List.of(exactOff)).failures())
                .containsExactly("chunk c1: sum(id) expected 1, found 1.0000000001");
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
