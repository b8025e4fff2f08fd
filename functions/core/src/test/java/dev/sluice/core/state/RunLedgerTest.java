package dev.sluice.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.lake.ManifestConflictException;
import dev.sluice.core.source.TableRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final RunLedger ledger = new RunLedger(memory, new LakeLayout("lake", "raw", "_sluice"));

    private static LedgerEntry entry(String status, String startedAt, String endedAt, long rows) {
        return new LedgerEntry("r1", "erp", "sales.orders", "timestamp", "2026-01-01T00:00:00Z",
                "2026-01-02T00:00:00Z", rows, rows * 100, 2, status, status.equals("FAILED") ? "SourceTimeout" : null,
                Instant.parse(startedAt), Instant.parse(endedAt));
    }

    @Test
    void eachAttemptIsOneJsonLineUnderTheLedgerPrefix() {
        LedgerEntry failed = entry("FAILED", "2026-01-02T03:00:00.250Z", "2026-01-02T03:05:00Z", 0);
        LedgerEntry succeeded = entry("SUCCEEDED", "2026-01-02T04:00:00Z", "2026-01-02T04:10:00Z", 42);

        ledger.append(failed);
        ledger.append(succeeded);

        String key = "_sluice/ledger/erp/sales.orders/r1/20260102T030000.250Z.jsonl";
        String line = new String(memory.get(key).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(line).startsWith("{\"runId\":\"r1\",\"source\":\"erp\",\"table\":\"sales.orders\"")
                .contains("\"status\":\"FAILED\"").contains("\"startedAt\":\"2026-01-02T03:00:00.250Z\"")
                .endsWith("}\n").containsOnlyOnce("\n");
        assertThat(ledger.entries("erp", new TableRef("sales", "orders"))).containsExactly(failed, succeeded);
    }

    @Test
    void aRetriedAppendOfTheSameAttemptIsIdempotentButADifferentResultConflicts() {
        ledger.append(entry("SUCCEEDED", "2026-01-02T04:00:00Z", "2026-01-02T04:10:00Z", 42));

        ledger.append(entry("SUCCEEDED", "2026-01-02T04:00:00Z", "2026-01-02T04:11:00Z", 42));
        assertThatThrownBy(() -> ledger.append(entry("SUCCEEDED", "2026-01-02T04:00:00Z", "2026-01-02T04:11:00Z",
                43)))
                .isInstanceOf(ManifestConflictException.class).hasMessageContaining("[bytes, rows]");
        assertThat(memory.objectCount()).isEqualTo(1);
    }
}
