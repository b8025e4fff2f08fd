package dev.sluice.core.validate;

import dev.sluice.core.lake.RowHashDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A key range probe running {@link ValidationSql}'s DuckDB queries over JDBC (the shape of local mode's adapter). */
final class JdbcProbe implements KeyRangeProbe {

    private final Connection connection;
    private final RunRelation relation;
    private final List<String> keys;

    JdbcProbe(Connection connection, RunRelation relation, List<String> keys) {
        this.connection = connection;
        this.relation = relation;
        this.keys = keys;
    }

    @Override
    public RowHashDigest summarize(String chunkId, KeyRange range) {
        List<Map<String, Object>> rows = query(ValidationSql.rangeSummary(QueryDialect.DUCKDB, relation, keys,
                chunkId, range));
        Map<String, Object> row = rows.getFirst();
        long count = ((Number) row.get("row_count")).longValue();
        return ChunkMeasures.digest(row, QueryDialect.DUCKDB, count);
    }

    @Override
    public List<KeyedHash> rows(String chunkId, KeyRange range, int limit) {
        return query(ValidationSql.rangeRows(relation, keys, chunkId, range, limit)).stream().map(row -> {
            List<Object> key = new ArrayList<>();
            keys.forEach(k -> key.add(row.get(k)));
            return new KeyedHash(new Key(key), ((Number) row.get("_sluice_row_hash")).longValue());
        }).toList();
    }

    @Override
    public Optional<Key> keyAt(String chunkId, KeyRange range, long offset) {
        return query(ValidationSql.keyAt(relation, keys, chunkId, range, offset)).stream().findFirst()
                .map(row -> new Key(keys.stream().map(row::get).toList()));
    }

    @Override
    public ColumnTotals totals(String chunkId, KeyRange range, ValidatedColumn column) {
        return ColumnTotals.fromRow(query(ValidationSql.rangeTotals(QueryDialect.DUCKDB, relation, keys, chunkId,
                range, column)).getFirst(), column);
    }

    @Override
    public List<KeyedValue> values(String chunkId, KeyRange range, ValidatedColumn column, int limit) {
        return query(ValidationSql.rangeValues(relation, keys, chunkId, range, column, limit)).stream().map(row ->
                new KeyedValue(new Key(keys.stream().map(row::get).toList()),
                        ((Number) row.get("_sluice_row_hash")).longValue(), column.value(row.get("column_value"))))
                .toList();
    }

    List<Map<String, Object>> query(BoundQuery query) {
        try (PreparedStatement st = connection.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                st.setObject(i + 1, query.parameters().get(i));
            }
            return rows(st.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException(query.sql(), e);
        }
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
