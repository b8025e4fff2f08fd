package dev.sluice.core.pipeline;

import dev.sluice.core.query.FailureClass;
import dev.sluice.core.query.ResultColumn;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.warehouse.StatementBatch;
import dev.sluice.core.warehouse.StatementStatus;
import dev.sluice.core.warehouse.SubStatement;
import dev.sluice.core.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A warehouse that records every batch and answers the reads the load steps make: the ledger row of the run (none
 * until a test puts one, e.g. after the load batch) and the target's columns from information_schema. The load
 * batch's status is whatever the test sets.
 */
class FakeWarehouse implements Warehouse {

    final List<StatementBatch> batches = new ArrayList<>();
    final Map<String, StatementBatch> byId = new HashMap<>();
    /** The run's ledger row (labels as the ledger query), or null when the run is not in the ledger. */
    List<String> ledgerRow;
    /** information_schema rows of the target: column_name, data_type, length, precision, scale, is_nullable. */
    List<List<String>> targetColumns = List.of();
    StatementStatus loadStatus = new StatementStatus(StatementStatus.State.RUNNING, "STARTED", List.of(), "", null);

    @Override
    public String startBatch(StatementBatch batch) {
        batches.add(batch);
        String id = "stmt-" + batches.size();
        byId.put(id, batch);
        return id;
    }

    List<StatementBatch> loads() {
        return batches.stream().filter(b -> b.statementName().equals("load")).toList();
    }

    @Override
    public StatementStatus check(String statementId) {
        StatementBatch batch = byId.get(statementId);
        if (batch.statementName().equals("load")) {
            return loadStatus;
        }
        List<SubStatement> subs = new ArrayList<>();
        for (int i = 0; i < batch.statements().size(); i++) {
            boolean last = i == batch.statements().size() - 1;
            subs.add(new SubStatement(statementId + ":" + (i + 1), "FINISHED", last ? 1 : 0, last, ""));
        }
        return new StatementStatus(StatementStatus.State.FINISHED, "FINISHED", subs, "", null);
    }

    static StatementStatus failed(FailureClass failureClass, String error) {
        return new StatementStatus(StatementStatus.State.FAILED, "FAILED", List.of(), error, failureClass);
    }

    static StatementStatus finished() {
        return new StatementStatus(StatementStatus.State.FINISHED, "FINISHED", List.of(), "", null);
    }

    @Override
    public ResultTable results(String subStatementId) {
        StatementBatch batch = byId.get(subStatementId.substring(0, subStatementId.indexOf(':')));
        String sql = batch.statements().getLast();
        if (sql.contains("sluice_load_ledger")) {
            return new ResultTable(columns("run_id", "target_schema", "target_table", "load_mode", "rows_staged",
                    "rows_inserted", "rows_updated", "rows_deleted", "loaded_at"),
                    ledgerRow == null ? List.of() : List.of(ledgerRow));
        }
        if (sql.contains("information_schema.columns")) {
            return new ResultTable(columns("column_name", "data_type", "character_maximum_length",
                    "numeric_precision", "numeric_scale", "is_nullable"), targetColumns);
        }
        throw new AssertionError("unexpected read " + sql);
    }

    private static List<ResultColumn> columns(String... names) {
        return java.util.Arrays.stream(names).map(n -> new ResultColumn(n, "varchar")).toList();
    }

    static List<String> ledger(String runId, long staged) {
        return java.util.Arrays.asList(runId, "analytics", "orders", "append", Long.toString(staged),
                Long.toString(staged), "0", "0", "2026-11-22 06:01:02");
    }
}
