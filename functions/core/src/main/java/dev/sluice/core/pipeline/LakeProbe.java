package dev.sluice.core.pipeline;

import dev.sluice.core.lake.RowHashDigest;
import dev.sluice.core.query.ResultTable;
import dev.sluice.core.validate.BoundQuery;
import dev.sluice.core.validate.ChunkMeasures;
import dev.sluice.core.validate.ColumnTotals;
import dev.sluice.core.validate.Key;
import dev.sluice.core.validate.KeyRange;
import dev.sluice.core.validate.KeyRangeProbe;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.validate.RunRelation;
import dev.sluice.core.validate.ValidatedColumn;
import dev.sluice.core.validate.ValidationSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lake side of narrowing a chunk's mismatch to keys: {@link ValidationSql#rangeSummary},
 * {@link ValidationSql#rangeRows}, {@link ValidationSql#keyAt}, {@link ValidationSql#rangeTotals} and
 * {@link ValidationSql#rangeValues} over the run's catalog table, each run synchronously on the query engine
 * (failure path only: a passing run never runs them).
 */
final class LakeProbe implements KeyRangeProbe {

    private final EngineQueries queries;
    private final QueryDialect dialect;
    private final RunRelation relation;
    private final List<String> keyColumns;
    private final String runId;
    private final String where;

    LakeProbe(EngineQueries queries, QueryDialect dialect, RunRelation relation, List<String> keyColumns,
              String runId, String where) {
        this.queries = queries;
        this.dialect = dialect;
        this.relation = relation;
        this.keyColumns = List.copyOf(keyColumns);
        this.runId = runId;
        this.where = where;
    }

    @Override
    public RowHashDigest summarize(String chunkId, KeyRange range) {
        BoundQuery query = ValidationSql.rangeSummary(dialect, relation, keyColumns, chunkId, range);
        ResultTable result = queries.run(runId, "probe-summary", query.sql(), query.parameters(), where);
        Map<String, Object> row = ResultRows.maps(result).getFirst();
        long count = Long.parseLong(String.valueOf(row.get("row_count")).trim());
        return ChunkMeasures.digest(row, dialect, count);
    }

    @Override
    public List<KeyedHash> rows(String chunkId, KeyRange range, int limit) {
        BoundQuery query = ValidationSql.rangeRows(relation, keyColumns, chunkId, range, limit);
        ResultTable result = queries.run(runId, "probe-rows", query.sql(), query.parameters(), where);
        List<KeyedHash> rows = new ArrayList<>();
        for (List<String> row : result.rows()) {
            rows.add(new KeyedHash(key(result, row), Long.parseLong(row.get(keyColumns.size()).trim())));
        }
        return rows;
    }

    @Override
    public Optional<Key> keyAt(String chunkId, KeyRange range, long offset) {
        BoundQuery query = ValidationSql.keyAt(relation, keyColumns, chunkId, range, offset);
        ResultTable result = queries.run(runId, "probe-key", query.sql(), query.parameters(), where);
        return result.rows().isEmpty() ? Optional.empty() : Optional.of(key(result, result.rows().getFirst()));
    }

    @Override
    public ColumnTotals totals(String chunkId, KeyRange range, ValidatedColumn column) {
        BoundQuery query = ValidationSql.rangeTotals(dialect, relation, keyColumns, chunkId, range, column);
        ResultTable result = queries.run(runId, "probe-totals", query.sql(), query.parameters(), where);
        return ColumnTotals.fromRow(ResultRows.maps(result).getFirst(), column);
    }

    @Override
    public List<KeyedValue> values(String chunkId, KeyRange range, ValidatedColumn column, int limit) {
        BoundQuery query = ValidationSql.rangeValues(relation, keyColumns, chunkId, range, column, limit);
        ResultTable result = queries.run(runId, "probe-values", query.sql(), query.parameters(), where);
        List<KeyedValue> rows = new ArrayList<>();
        for (List<String> row : result.rows()) {
            rows.add(new KeyedValue(key(result, row), Long.parseLong(row.get(keyColumns.size()).trim()),
                    column.value(row.get(keyColumns.size() + 1))));
        }
        return rows;
    }

    private Key key(ResultTable result, List<String> row) {
        List<Object> values = new ArrayList<>(keyColumns.size());
        for (int i = 0; i < keyColumns.size(); i++) {
            values.add(ResultRows.typed(result, row, i));
        }
        return new Key(values);
    }
}
