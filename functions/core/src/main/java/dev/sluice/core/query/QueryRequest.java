package dev.sluice.core.query;

import java.util.Objects;

/**
 * One query of one run.
 *
 * @param runId     the run it belongs to
 * @param queryName what the query is within the run, e.g. {@code partition-aggregates}
 * @param sql       the statement, as generated (identifiers quoted, no user values concatenated)
 * @param workgroup the Athena workgroup (it fixes the output location and the scan limit)
 * @param database  the catalog database unqualified names resolve in
 */
public record QueryRequest(String runId, String queryName, String sql, String workgroup, String database) {

    public QueryRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(queryName, "queryName");
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query " + queryName + " of run " + runId + " has no SQL");
        }
        Objects.requireNonNull(workgroup, "workgroup");
        Objects.requireNonNull(database, "database");
    }

    /** The idempotency token of this query: the same for every start of the same (run, query name). */
    public String clientRequestToken() {
        return RequestToken.of("athena", runId, queryName);
    }
}
