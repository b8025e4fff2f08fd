package dev.sluice.local.stand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.Warehouse;
import dev.sluice.core.warehouse.WarehouseErrors;
import dev.sluice.core.warehouse.WarehouseException;
import dev.sluice.core.warehouse.WarehousePermanentException;
import dev.sluice.core.warehouse.WarehouseTransientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Local mode's warehouse (the Redshift Data API's stand-in): a DuckDB database file ({@code .sluice/warehouse.duckdb})
 * running the load batches of {@code RedshiftLoadSql} in the DuckDB dialect. {@link #startBatch} runs the batch's
 * statements in order inside one transaction (begun by leaving auto-commit, committed after the last statement,
 * rolled back on the first error) before it returns, and keeps the outcome under the batch's client token, as the statement id: a retried
 * start of a finished batch returns the same id without running it again, and a start of a batch that failed runs
 * it again (it rolled back, so nothing of it is there; a redrive after a fix must run it). Each sub-statement's id
 * is {@code <statementId>:<n>} (1-based, as the Data API numbers them), and the rows of those that returned a
 * result set are kept for {@link #results}. The outcome of a finished batch is written in the batch's own
 * transaction, so it is recorded exactly when the load commits.
 */
public final class DuckDbWarehouse implements Warehouse {

    private static final String BATCHES = DuckDbFile.BOOKKEEPING + ".batches";
    private static final String RESULTS = DuckDbFile.BOOKKEEPING + ".sub_statement_results";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<SubStatement>> SUB_STATEMENTS = new TypeReference<>() {
    };

    private final DuckDbFile database;

    public DuckDbWarehouse(DuckDbFile database) {
        this.database = Objects.requireNonNull(database, "database");
        try {
            database.use(connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + BATCHES + " (statement_id VARCHAR PRIMARY KEY,"
                            + " run_id VARCHAR NOT NULL, statement_name VARCHAR NOT NULL, state VARCHAR NOT NULL,"
                            + " error VARCHAR, failure_class VARCHAR, sub_statements VARCHAR NOT NULL)");
                    st.execute("CREATE TABLE IF NOT EXISTS " + RESULTS + " (sub_statement_id VARCHAR PRIMARY KEY,"
                            + " result_json VARCHAR NOT NULL)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("prepare the batch bookkeeping in " + database.file(), e);
        }
    }

    public DuckDbFile database() {
        return database;
    }

    @Override
    public String startBatch(StatementBatch batch) {
        String id = batch.clientToken();
        try {
            return database.use(connection -> {
                Optional<Stored> earlier = stored(connection, id);
                if (earlier.isPresent() && earlier.get().state() == StatementStatus.State.FINISHED) {
                    return id;
                }
                run(connection, id, batch);
                return id;
            });
        } catch (SQLException e) {
            throw failure("run batch " + batch.statementName() + " of run " + batch.runId(), e);
        }
    }

    private void run(Connection connection, String id, StatementBatch batch) throws SQLException {
        List<SubStatement> done = new ArrayList<>();
        List<ResultTable> results = new ArrayList<>();
        // BEGIN: the JDBC driver's transaction (a textual BEGIN is not honoured by DuckDB's JDBC in auto-commit).
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            int n = 0;
            try {
                for (String sql : batch.statements()) {
                    n++;
                    String subId = id + ":" + n;
                    if (st.execute(sql)) {
                        ResultTable table;
                        try (ResultSet rows = st.getResultSet()) {
                            table = EngineText.table(rows);
                        }
                        results.add(table);
                        done.add(new SubStatement(subId, "FINISHED", table.rows().size(), true, ""));
                    } else {
                        results.add(null);
                        done.add(new SubStatement(subId, "FINISHED", Math.max(-1, st.getUpdateCount()), false, ""));
                    }
                }
                record(connection, id, batch, StatementStatus.State.FINISHED, "", null, done);
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i) != null) {
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT OR REPLACE INTO " + RESULTS + " VALUES (?, ?)")) {
                            insert.setString(1, done.get(i).id());
                            insert.setString(2, JSON.writeValueAsString(results.get(i)));
                            insert.executeUpdate();
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | JsonProcessingException e) {
                rollback(connection, e);
                connection.setAutoCommit(true);
                String message = e instanceof SQLException sql ? DuckDbErrors.message(sql) : e.getMessage();
                int failed = done.size() + 1;
                List<SubStatement> statuses = new ArrayList<>(done);
                if (failed <= batch.statements().size()) {
                    statuses.add(new SubStatement(id + ":" + failed, "FAILED", -1, false, message));
                    for (int k = failed + 1; k <= batch.statements().size(); k++) {
                        statuses.add(new SubStatement(id + ":" + k, "ABORTED", -1, false, ""));
                    }
                }
                FailureClass failureClass = DuckDbErrors.classify(message);
                String error = "batch " + batch.statementName() + " of run " + batch.runId() + " failed at statement "
                        + failed + " of " + batch.statements().size() + " and rolled back: "
                        + WarehouseErrors.explain(message);
                record(connection, id, batch, StatementStatus.State.FAILED, error, failureClass, statuses);
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // DuckDB may have aborted the transaction already; nothing of it is committed either way
            cause.addSuppressed(e);
        }
    }

    private static void record(Connection connection, String id, StatementBatch batch, StatementStatus.State state,
                               String error, FailureClass failureClass, List<SubStatement> subStatements)
            throws SQLException {
        String json;
        try {
            json = JSON.writeValueAsString(subStatements);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sub-statements of batch " + id + " cannot be kept as JSON", e);
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO " + BATCHES + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            upsert.setString(1, id);
            upsert.setString(2, batch.runId());
            upsert.setString(3, batch.statementName());
            upsert.setString(4, state.name());
            upsert.setString(5, error);
            upsert.setString(6, failureClass == null ? null : failureClass.name());
            upsert.setString(7, json);
            upsert.executeUpdate();
        }
    }

    @Override
    public StatementStatus check(String statementId) {
        Stored stored = require(statementId);
        return new StatementStatus(stored.state(), stored.state() == StatementStatus.State.FINISHED ? "FINISHED"
                : "FAILED", stored.subStatements(), stored.error(), stored.failureClass());
    }

    @Override
    public ResultTable results(String subStatementId) {
        Objects.requireNonNull(subStatementId, "subStatementId");
        Optional<String> json;
        try {
            json = database.use(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT result_json FROM " + RESULTS + " WHERE sub_statement_id = ?")) {
                    query.setString(1, subStatementId);
                    try (ResultSet rows = query.executeQuery()) {
                        return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw failure("read the results of " + subStatementId, e);
        }
        String text = json.orElseThrow(() -> new WarehousePermanentException("sub-statement " + subStatementId
                + " has no result set in the local warehouse (" + database.file() + "): it is unknown, returned no"
                + " rows, or its batch failed", null));
        try {
            return JSON.readValue(text, ResultTable.class);
        } catch (JsonProcessingException e) {
            throw new WarehousePermanentException("the kept result of " + subStatementId + " is not readable: "
                    + e.getOriginalMessage(), e);
        }
    }

    private Stored require(String statementId) {
        Objects.requireNonNull(statementId, "statementId");
        Optional<Stored> stored;
        try {
            stored = database.use(connection -> stored(connection, statementId));
        } catch (SQLException e) {
            throw failure("read batch " + statementId, e);
        }
        return stored.orElseThrow(() -> new WarehousePermanentException("batch " + statementId + " is unknown to the"
                + " local warehouse (" + database.file() + "): it was started against another .sluice directory,"
                + " or that directory was deleted; rerun the load step", null));
    }

    private static Optional<Stored> stored(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT state, error, failure_class, sub_statements FROM " + BATCHES + " WHERE statement_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String failureClass = rows.getString(3);
                List<SubStatement> subs;
                try {
                    subs = JSON.readValue(rows.getString(4), SUB_STATEMENTS);
                } catch (JsonProcessingException e) {
                    throw new WarehousePermanentException("the kept sub-statements of batch " + id
                            + " are not readable: " + e.getOriginalMessage(), e);
                }
                return Optional.of(new Stored(StatementStatus.State.valueOf(rows.getString(1)), rows.getString(2),
                        failureClass == null ? null : FailureClass.valueOf(failureClass), subs));
            }
        }
    }

    private WarehouseException failure(String action, SQLException e) {
        String message = DuckDbErrors.message(e);
        String text = "the local warehouse could not " + action + " (" + database.file() + "): " + message;
        return DuckDbErrors.classify(message) == FailureClass.TRANSIENT
                ? new WarehouseTransientException(text + "; retrying can help", e)
                : new WarehousePermanentException(text + "; delete .sluice/warehouse.duckdb to start the local"
                        + " warehouse afresh if it is damaged", e);
    }

    private record Stored(StatementStatus.State state, String error, FailureClass failureClass,
                          List<SubStatement> subStatements) {
    }
}
