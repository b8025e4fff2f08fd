package dev.sluice.core.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One query of one run.
 *
 * @param runId     the run it belongs to
 * @param queryName what the query is within the run, e.g. {@code partition-aggregates}
 * @param sql       the statement, as generated (identifiers quoted, no user values concatenated)
 * @param workgroup the Athena workgroup (it fixes the output location and the scan limit)
 * @param database  the catalog database unqualified names resolve in
 * @param parameters the values of the SQL's {@code ?} placeholders, in order (Long, BigDecimal, Double, String,
 *                   LocalDate, LocalDateTime): bound by the adapter (JDBC parameters for DuckDB; Athena execution
 *                   parameters as typed literals), never concatenated into the SQL by the caller
 */
public record QueryRequest(String runId, String queryName, String sql, String workgroup, String database,
                           List<Object> parameters) {

    /** A query without parameters. */
    public QueryRequest(String runId, String queryName, String sql, String workgroup, String database) {
        this(runId, queryName, sql, workgroup, database, List.of());
    }

    public QueryRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(queryName, "queryName");
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("query " + queryName + " of run " + runId + " has no SQL");
        }
        Objects.requireNonNull(workgroup, "workgroup");
        Objects.requireNonNull(database, "database");
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException("query " + queryName + " of run " + runId + " has " + placeholders
                    + " placeholders but " + parameters.size() + " parameters");
        }
    }

    /** The idempotency token of this query: the same for every start of the same (run, query name). */
    public String clientRequestToken() {
        return RequestToken.of("athena", runId, queryName);
    }
}
