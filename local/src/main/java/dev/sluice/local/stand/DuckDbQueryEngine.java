package dev.sluice.local.stand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.QueryEngine;
import dev.sluice.core.query.QueryEngineException;
import dev.sluice.core.query.QueryEnginePermanentException;
import dev.sluice.core.query.QueryEngineTransientException;
import dev.sluice.core.query.QueryRequest;
import dev.sluice.core.query.QueryStatus;
import dev.sluice.core.query.RequestToken;
import dev.sluice.core.query.ResultTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Local mode's validation query engine (Athena's stand-in): DuckDB over the lake's Parquet through the views of
 * {@link DuckDbCatalog}, in the same database file. A query runs to completion inside {@link #start}; its outcome
 * (the rows, or the error with its failure class) is kept in the file under an execution id derived from the
 * request's client token, so {@link #check} and {@link #results} work from another process too (a redrive), and a
 * retried start of the same run and query returns the same id without running it again. A start of a query whose
 * earlier execution failed runs it again under the same id: it wrote nothing, and a redrive after a fix must not
 * see the old failure. Like Athena, a start of the same run and query with different SQL is refused.
 */
public final class DuckDbQueryEngine implements QueryEngine {

    private static final String EXECUTIONS = DuckDbFile.BOOKKEEPING + ".query_executions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_]+");

    private final DuckDbFile database;

    public DuckDbQueryEngine(DuckDbFile database) {
        this.database = Objects.requireNonNull(database, "database");
        try {
            database.use(connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + EXECUTIONS + " (execution_id VARCHAR PRIMARY KEY,"
                            + " run_id VARCHAR NOT NULL, query_name VARCHAR NOT NULL, sql_digest VARCHAR NOT NULL,"
                            + " state VARCHAR NOT NULL, reason VARCHAR, failure_class VARCHAR, result_json VARCHAR)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("prepare the query bookkeeping in " + database.file(), e);
        }
    }

    @Override
    public String start(QueryRequest request) {
        String id = request.clientRequestToken();
        String digest = RequestToken.of(request.sql(), request.database());
        try {
            return database.use(connection -> {
                Optional<Stored> earlier = stored(connection, id);
                if (earlier.isPresent() && earlier.get().state() == QueryStatus.State.SUCCEEDED) {
                    if (!earlier.get().sqlDigest().equals(digest)) {
                        throw new QueryEnginePermanentException("query " + request.queryName() + " of run "
                                + request.runId() + " was already run with different SQL (execution " + id + "):"
                                + " the validation SQL of a run must not change; rerun the window as a new run",
                                null);
                    }
                    return id;
                }
                Stored outcome = run(connection, id, request, digest);
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + EXECUTIONS + " WHERE execution_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + EXECUTIONS
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, request.runId());
                    insert.setString(3, request.queryName());
                    insert.setString(4, digest);
                    insert.setString(5, outcome.state().name());
                    insert.setString(6, outcome.reason());
                    insert.setString(7, outcome.failureClass() == null ? null : outcome.failureClass().name());
                    insert.setString(8, outcome.resultJson());
                    insert.executeUpdate();
                }
                return id;
            });
        } catch (SQLException e) {
            throw failure("record query " + request.queryName() + " of run " + request.runId(), e);
        }
    }

    private static Stored run(Connection connection, String id, QueryRequest request, String digest) {
        boolean searchPath = false;
        try (Statement st = connection.createStatement()) {
            if (PLAIN_NAME.matcher(request.database()).matches() && schemaExists(connection, request.database())) {
                // Athena resolves unqualified names in the request's database; so does DuckDB with this path.
                st.execute("SET search_path = " + DuckDbFile.literal(request.database()));
                searchPath = true;
            }
            ResultTable table;
            if (st.execute(request.sql())) {
                try (ResultSet rows = st.getResultSet()) {
                    table = EngineText.table(rows);
                }
            } else {
                table = new ResultTable(List.of(), List.of());
            }
            return new Stored(QueryStatus.State.SUCCEEDED, "", null, digest, JSON.writeValueAsString(table));
        } catch (SQLException e) {
            String message = DuckDbErrors.message(e);
            FailureClass failureClass = DuckDbErrors.classify(message);
            String action = failureClass == FailureClass.TRANSIENT
                    ? "; DuckDB could not run it now (a lock or a conflict): rerun the validation"
                    : "; the query cannot succeed as it is: check that the catalog view exists (the crawl step ran)"
                            + " and that the run's Parquet is in the lake";
            return new Stored(QueryStatus.State.FAILED, "query " + request.queryName() + " of run "
                    + request.runId() + " (execution " + id + ") failed: " + message + action, failureClass, digest,
                    null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the result of query " + request.queryName() + " cannot be kept as JSON",
                    e);
        } finally {
            if (searchPath) {
                try (Statement reset = connection.createStatement()) {
                    reset.execute("RESET search_path");
                } catch (SQLException ignored) {
                    // the next query sets its own path; the catalog qualifies every name
                }
            }
        }
    }

    private static boolean schemaExists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    @Override
    public QueryStatus check(String executionId) {
        Stored stored = require(executionId);
        return switch (stored.state()) {
            case SUCCEEDED -> QueryStatus.succeeded();
            case FAILED -> new QueryStatus(QueryStatus.State.FAILED, stored.reason(), stored.failureClass());
            default -> new QueryStatus(stored.state(), stored.reason(), stored.failureClass());
        };
    }

    @Override
    public ResultTable results(String executionId) {
        Stored stored = require(executionId);
        if (stored.state() != QueryStatus.State.SUCCEEDED) {
            throw new QueryEnginePermanentException("query execution " + executionId + " has no results: it is "
                    + stored.state() + " (" + stored.reason() + ")", null);
        }
        try {
            return JSON.readValue(stored.resultJson(), ResultTable.class);
        } catch (JsonProcessingException e) {
            throw new QueryEnginePermanentException("the kept result of query execution " + executionId + " in "
                    + database.file() + " is not readable: " + e.getOriginalMessage() + "; rerun the validation",
                    e);
        }
    }

    private Stored require(String executionId) {
        Objects.requireNonNull(executionId, "executionId");
        Optional<Stored> stored;
        try {
            stored = database.use(connection -> stored(connection, executionId));
        } catch (SQLException e) {
            throw failure("read query execution " + executionId, e);
        }
        return stored.orElseThrow(() -> new QueryEnginePermanentException("query execution " + executionId
                + " is unknown to the local query engine (" + database.file() + "): it was started against another"
                + " .sluice directory, or that directory was deleted; rerun the validation step", null));
    }

    private static Optional<Stored> stored(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT state, reason, failure_class, sql_digest,"
                + " result_json FROM " + EXECUTIONS + " WHERE execution_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String failureClass = rows.getString(3);
                return Optional.of(new Stored(QueryStatus.State.valueOf(rows.getString(1)), rows.getString(2),
                        failureClass == null ? null : FailureClass.valueOf(failureClass), rows.getString(4),
                        rows.getString(5)));
            }
        }
    }

    private QueryEngineException failure(String action, SQLException e) {
        String message = DuckDbErrors.message(e);
        String text = "the local query engine could not " + action + " (" + database.file() + "): " + message;
        return DuckDbErrors.classify(message) == FailureClass.TRANSIENT
                ? new QueryEngineTransientException(text + "; retrying can help", e)
                : new QueryEnginePermanentException(text + "; delete .sluice/catalog.duckdb to rebuild the local"
                        + " catalog if it is damaged", e);
    }

    private record Stored(QueryStatus.State state, String reason, FailureClass failureClass, String sqlDigest,
                          String resultJson) {
    }
}
