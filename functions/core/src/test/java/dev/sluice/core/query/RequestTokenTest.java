package dev.sluice.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.warehouse.StatementBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTokenTest {

    @Test
    void aQueryTokenIsStableForARunAndFitsAthenaAndRedshiftRules() {
        QueryRequest first = new QueryRequest("run-2026-11-22-a1", "partition-aggregates", "SELECT 1", "sluice", "raw");
        QueryRequest retried = new QueryRequest("run-2026-11-22-a1", "partition-aggregates", "SELECT 1", "sluice",
                "raw");

        String token = first.clientRequestToken();

        assertThat(token).isEqualTo(retried.clientRequestToken()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(token).isNotEqualTo(
                new QueryRequest("run-2026-11-22-a2", "partition-aggregates", "SELECT 1", "sluice", "raw")
                        .clientRequestToken());
        assertThat(token).isNotEqualTo(
                new QueryRequest("run-2026-11-22-a1", "sample-keys", "SELECT 1", "sluice", "raw")
                        .clientRequestToken());
    }

    @Test
    void partsAreLengthPrefixedSoShiftingABoundaryChangesTheToken() {
        assertThat(RequestToken.of("ab", "c")).isNotEqualTo(RequestToken.of("a", "bc"));
        // SHA-256 of "1:a", computed with sha256sum: a wrong digest or a missing length prefix changes it.
        assertThat(RequestToken.of("a"))
                .isEqualTo("4162fddd39a3e4225e8e2392eced237fbeb34e6e218b5647d27bd4d2b9c0da24");
    }

    @Test
    void aBatchTokenDependsOnRunNameAndStatements() {
        StatementBatch batch = new StatementBatch("run-1", "load", List.of("BEGIN", "MERGE"));

        assertThat(batch.clientToken()).isEqualTo(new StatementBatch("run-1", "load", List.of("BEGIN", "MERGE"))
                .clientToken()).hasSize(64);
        assertThat(batch.clientToken()).isNotEqualTo(
                new StatementBatch("run-2", "load", List.of("BEGIN", "MERGE")).clientToken());
        assertThat(batch.clientToken()).isNotEqualTo(
                new StatementBatch("run-1", "load", List.of("BEGIN", "MERGE2")).clientToken());
        assertThat(batch.clientToken()).isNotEqualTo(new QueryRequest("run-1", "load", "x", "w", "d")
                .clientRequestToken());
    }
}
