package dev.sluice.core.warehouse;

import dev.sluice.core.query.RequestToken;

import java.util.List;
import java.util.Objects;

/**
 * The statements of one load step of one run, run in order in one transaction.
 *
 * @param runId         the run
 * @param statementName what the batch is within the run, e.g. {@code load}; shown in the warehouse's query history
 * @param statements    the SQL statements, in order
 */
public record StatementBatch(String runId, String statementName, List<String> statements) {

    public StatementBatch {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(statementName, "statementName");
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("batch " + statementName + " of run " + runId + " has no statements");
        }
    }

    /**
     * The idempotency token: the same for every start of the same (run, statement name, statements), so the
     * statements must be generated deterministically from the run (no clock values) for a retried start to be
     * recognised.
     */
    public String clientToken() {
        String[] parts = new String[statements.size() + 3];
        parts[0] = "redshift-data";
        parts[1] = runId;
        parts[2] = statementName;
        for (int i = 0; i < statements.size(); i++) {
            parts[i + 3] = statements.get(i);
        }
        return RequestToken.of(parts);
    }
}
