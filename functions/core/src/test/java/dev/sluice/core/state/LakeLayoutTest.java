package dev.sluice.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.LakeConfig;
import dev.sluice.core.source.TableRef;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakeLayoutTest {

    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private final LakeLayout layout = new LakeLayout(new LakeConfig("lake-dev", "raw/", "/_sluice/", null, null, null));

    @Test
    void keysFollowTheDesignLayout() {
        assertThat(layout.chunkObject("erp", ORDERS, LocalDate.of(2026, 1, 2), "r-1", "c-0007"))
                .isEqualTo("raw/erp/sales.orders/ingest_date=2026-01-02/run_id=r-1/part-c-0007.parquet");
        assertThat(layout.watermark("erp", ORDERS)).isEqualTo("_sluice/state/erp/sales.orders/watermark.json");
        assertThat(layout.lease("erp", ORDERS)).isEqualTo("_sluice/state/erp/sales.orders/lease.json");
        assertThat(layout.plan("erp", ORDERS, "r-1")).isEqualTo("_sluice/runs/erp/sales.orders/r-1/plan.json");
        assertThat(layout.chunkManifest("erp", ORDERS, "r-1", "c-0007"))
                .isEqualTo("_sluice/runs/erp/sales.orders/r-1/chunks/c-0007.json");
        assertThat(layout.runManifest("erp", ORDERS, "r-1")).isEqualTo("_sluice/runs/erp/sales.orders/r-1/run.json");
        assertThat(layout.validationReport("erp", ORDERS, "r-1")).endsWith("/r-1/validation.json");
        assertThat(layout.loadReport("erp", ORDERS, "r-1")).endsWith("/r-1/load.json");
        assertThat(layout.ledgerEntry("erp", ORDERS, "r-1", "20260102T030405Z"))
                .isEqualTo("_sluice/ledger/erp/sales.orders/r-1/20260102T030405Z.jsonl");
        assertThat(LakeLayout.chunkIdOf(layout.chunkManifest("erp", ORDERS, "r-1", "c-0007"))).isEqualTo("c-0007");
    }

    @Test
    void blankPrefixesFallBackToTheDefaultsAndCustomPrefixesAreUsed() {
        LakeLayout defaults = new LakeLayout("b", null, " ");
        LakeLayout custom = new LakeLayout("b", "data/raw", "ops/sluice");

        assertThat(defaults.watermark("erp", ORDERS)).startsWith("_sluice/state/");
        assertThat(defaults.rawTablePrefix("erp", ORDERS)).isEqualTo("raw/erp/sales.orders/");
        assertThat(custom.rawTablePrefix("erp", ORDERS)).isEqualTo("data/raw/erp/sales.orders/");
        assertThat(custom.ledgerRoot()).isEqualTo("ops/sluice/ledger/");
    }

    @Test
    void keyPartsThatCouldEscapeTheirPrefixAreRefused() {
        assertThatThrownBy(() -> layout.runPrefix("erp", ORDERS, "../other"))
                .hasMessageContaining("'../other' is not a valid run id");
        assertThatThrownBy(() -> layout.chunkManifest("erp", ORDERS, "r", "a/b"))
                .hasMessageContaining("chunk id");
        assertThatThrownBy(() -> layout.watermark("e rp", ORDERS)).hasMessageContaining("source name");
    }
}
