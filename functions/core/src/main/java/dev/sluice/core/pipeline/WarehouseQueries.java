package dev.sluice.core.pipeline;

import dev.sluice.core.failure.LoadFailure;
import dev.sluice.core.failure.SluiceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadReport;
import dev.sluice.core.load.RedshiftLoadSql;
import dev.sluice.core.load.TargetColumn;
import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.Warehouse;
import dev.sluice.core.warehouse.WarehouseErrors;
import dev.sluice.core.warehouse.WarehouseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The small reads the load steps make on the warehouse before and after the load batch, each a batch run
 * synchronously with a bounded poll: the target's current columns and the run's ledger row. Reads are named with
 * the step's clock so a later read is never answered with an earlier read's results (the Data API recognises a
 * retried start by its token).
 */
final class WarehouseQueries {

    /** How long one read may take before the step gives up (and is retried by the state machine). */
    static final Duration LIMIT = Duration.ofMinutes(2);

    private final Warehouse warehouse;
    private final LoadDialect dialect;
    private final EngineQueries.Pause pause;

    WarehouseQueries(Warehouse warehouse, LoadDialect dialect, EngineQueries.Pause pause) {
        this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** The run's ledger row as a report, or empty when the run was not loaded. */
    Optional<LoadReport> ledgerRow(String runId, String ledgerSchema, String name, String where) {
        List<String> statements = new ArrayList<>(RedshiftLoadSql.ledgerDdl(ledgerSchema));
        statements.add(RedshiftLoadSql.ledgerRowQuery(ledgerSchema, runId));
        ResultTable rows = run(new StatementBatch(runId, name, statements), where + ": reading the load ledger");
        if (rows.rows().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = ResultRows.maps(rows).getFirst();
        return Optional.of(LoadReport.fromLedgerRow(row));
    }

    /**
     * The target's columns in the canonical Redshift spelling, or empty when the target does not exist. DuckDB keeps
     * no VARCHAR or BLOB length: a column of such a type without a length counts as the length the run loads; and
     * DuckDB reports a 4-byte float as {@code FLOAT}, which is Redshift's {@code REAL}.
     */
    Optional<List<TargetColumn>> describe(String runId, String schema, String table, List<TargetColumn> wanted,
                                          String name, String where) {
        ResultTable rows = run(new StatementBatch(runId, name, List.of(describeSql(dialect, schema, table))),
                where + ": describing target " + schema + "." + table);
        if (rows.rows().isEmpty()) {
            return Optional.empty();
        }
        List<TargetColumn> columns = new ArrayList<>();
        for (Map<String, Object> row : ResultRows.maps(rows)) {
            String column = String.valueOf(row.get("column_name"));
            String type = typeName(row);
            if (dialect == LoadDialect.DUCKDB && type.equalsIgnoreCase("FLOAT")) {
                // DuckDB's FLOAT is the 4-byte float (its REAL); Redshift's FLOAT means DOUBLE PRECISION.
                type = "REAL";
            }
            if (dialect == LoadDialect.DUCKDB && !type.contains("(")) {
                String base = TargetColumn.canonicalType(type);
                for (TargetColumn w : wanted) {
                    if (w.name().equalsIgnoreCase(column) && w.type().startsWith(base + "(")) {
                        type = w.type();
                    }
                }
            }
            boolean nullable = "YES".equalsIgnoreCase(String.valueOf(row.get("is_nullable")));
            columns.add(new TargetColumn(column, type, nullable));
        }
        return Optional.of(columns);
    }

    /**
     * The information_schema query describing a target: {@code column_name, data_type, character_maximum_length,
     * numeric_precision, numeric_scale, is_nullable}, in column order. Schema and table are validated identifiers
     * (letters, digits, {@code _}, {@code $}) written as literals: a Data API batch has no parameters. Redshift
     * folds names to lower case, so its catalog is searched in lower case.
     */
    static String describeSql(LoadDialect dialect, String schema, String table) {
        dev.sluice.core.load.SqlIdentifier.qualified("target table", schema, table);
        String s = dialect == LoadDialect.REDSHIFT ? schema.toLowerCase(Locale.ROOT) : schema;
        String t = dialect == LoadDialect.REDSHIFT ? table.toLowerCase(Locale.ROOT) : table;
        return "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                + " is_nullable FROM information_schema.columns WHERE table_schema = '" + s + "' AND table_name = '"
                + t + "' ORDER BY ordinal_position";
    }

    /** {@code character varying(400)}, {@code numeric(12,2)} or the plain type name from a describe row. */
    static String typeName(Map<String, Object> row) {
        String type = String.valueOf(row.get("data_type")).trim();
        if (type.contains("(")) {
            return type;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        Object length = row.get("character_maximum_length");
        if (length != null && (lower.contains("char") || lower.contains("varbyte") || lower.contains("binary"))) {
            return type + "(" + length + ")";
        }
        Object precision = row.get("numeric_precision");
        if (precision != null && (lower.equals("numeric") || lower.equals("decimal"))) {
            Object scale = row.get("numeric_scale");
            return type + "(" + precision + "," + (scale == null ? "0" : scale) + ")";
        }
        return type;
    }

    /** Runs {@code batch} and returns the rows of its last statement that returned rows. */
    ResultTable run(StatementBatch batch, String what) {
        try {
            String id = warehouse.startBatch(batch);
            long waited = 0;
            long delay = 100;
            while (true) {
                StatementStatus status = warehouse.check(id);
                switch (status.state()) {
                    case FINISHED -> {
                        SubStatement last = null;
                        for (SubStatement sub : status.subStatements()) {
                            if (sub.hasResultSet()) {
                                last = sub;
                            }
                        }
                        if (last == null) {
                            throw new LoadFailure(what + ": the warehouse returned no rows for " + batch.statementName()
                                    + " (" + id + "); a warehouse adapter must report result sets");
                        }
                        return warehouse.results(last.id());
                    }
                    case FAILED -> throw failed(status, what + " (" + id + ")");
                    case RUNNING -> { }
                }
                if (waited >= LIMIT.toMillis()) {
                    throw new TransientFailure(what + ": " + batch.statementName() + " (" + id + ") did not finish"
                            + " within " + LIMIT + "; the step is retried");
                }
                pause.millis(delay);
                waited += delay;
                delay = Math.min(delay * 2, 2_000);
            }
        } catch (WarehouseException e) {
            throw translate(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure(what + ": interrupted while waiting for the warehouse", e);
        }
    }

    /** A failed batch as a failure: transient errors are retried, the rest are load failures with the fix. */
    static SluiceFailure failed(StatementStatus status, String what) {
        String explained = WarehouseErrors.explain(status.error());
        return status.failureClass() == FailureClass.TRANSIENT
                ? new TransientFailure(what + " failed: " + explained)
                : new LoadFailure(what + " failed: " + explained);
    }

    static SluiceFailure translate(WarehouseException e, String what) {
        return e.transientFailure()
                ? new TransientFailure(what + " failed transiently (" + e.getMessage() + "); it is retried", e)
                : new LoadFailure(what + " failed (" + e.getMessage() + "); fix the warehouse connection, the"
                        + " database or the function's permissions, then redrive", e);
    }
}
