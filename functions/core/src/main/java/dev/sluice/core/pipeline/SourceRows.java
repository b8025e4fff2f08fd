package dev.sluice.core.pipeline;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.extract.ChunkRequest;
import dev.sluice.core.extract.SourceRowHasher;
import dev.sluice.core.extract.chunk.ChunkProjections;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.source.BoundSql;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.Projection;
import dev.sluice.core.source.SqlDialect;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.types.ColumnMapping;
import dev.sluice.core.validate.Key;
import dev.sluice.core.validate.KeyRangeProbe.KeyedHash;
import dev.sluice.core.validate.KeyRangeProbe.KeyedValue;
import dev.sluice.core.validate.ValidatedColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads a run's rows from the source with the chunk writer's own select list, session settings and conversions,
 * and hashes each row exactly as it was hashed into {@code _sluice_row_hash} ({@link SourceRowHasher}): by key (the
 * source sample) or by key range (narrowing a chunk's mismatch), optionally with one column's carried values.
 * Reads are read-only transactions at the configured isolation (never NOLOCK: validation compares committed rows).
 */
final class SourceRows {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final SourceConfig source;
    private final JdbcSource.ConnectionFactory connections;
    private final SqlDialect dialect;
    private final TableRef table;
    private final String runId;
    private final List<ColumnMapping> mappings;
    private final List<String> keyColumns;
    private final List<Projection> select;

    SourceRows(SourceConfig source, JdbcSource.ConnectionFactory connections, TableRef table, String runId,
               List<ColumnMapping> mappings, List<String> keyColumns) {
        this.source = source;
        this.connections = connections;
        this.dialect = SqlDialect.of(source.engine());
        this.table = table;
        this.runId = runId;
        this.mappings = List.copyOf(mappings);
        this.keyColumns = List.copyOf(keyColumns);
        this.select = ChunkProjections.of(dialect, mappings);
    }

    List<String> keyColumns() {
        return keyColumns;
    }

    /** The rows whose key is one of {@code keys} (one JDBC value per key column), in key order. */
    List<KeyedHash> byKeys(String chunkId, List<List<Object>> keys) {
        return hashes(byKeys(chunkId, keys, null));
    }

    /** The rows with keys in ({@code lowerExclusive}, {@code upperInclusive}], in key order. */
    List<KeyedHash> range(String chunkId, List<KeyValue> lowerExclusive, List<KeyValue> upperInclusive) {
        return hashes(range(chunkId, lowerExclusive, upperInclusive, null));
    }

    /**
     * As {@link #byKeys(String, List)}, each row with its value of {@code column} as the chunk writer carried it
     * ({@link ValidatedColumn#value}); with a null {@code column}, values are null.
     */
    List<KeyedValue> byKeys(String chunkId, List<List<Object>> keys, ValidatedColumn column) {
        return read(chunkId, dialect.keyRead(table, select, keyColumns, keys), "re-read sampled keys", column);
    }

    /** As {@link #range(String, List, List)}, each row with its value of {@code column} (null: no values). */
    List<KeyedValue> range(String chunkId, List<KeyValue> lowerExclusive, List<KeyValue> upperInclusive,
                           ValidatedColumn column) {
        BoundSql sql = dialect.rangeRead(table, select, KeyRange.between(keyColumns, lowerExclusive, upperInclusive),
                false);
        return read(chunkId, sql, "re-read the key range of chunk " + chunkId, column);
    }

    private static List<KeyedHash> hashes(List<KeyedValue> rows) {
        return rows.stream().map(r -> new KeyedHash(r.key(), r.rowHash())).toList();
    }

    private List<KeyedValue> read(String chunkId, BoundSql sql, String what, ValidatedColumn valued) {
        SourceRowHasher hasher = new SourceRowHasher(new ChunkRequest(table, runId, chunkId, mappings, keyColumns));
        IsolationLevel isolation = source.isolation() == null || source.isolation() == IsolationLevel.READ_UNCOMMITTED
                ? IsolationLevel.READ_COMMITTED : source.isolation();
        List<KeyedValue> rows = new ArrayList<>();
        try (Connection c = connections.open()) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.isolationStatement(isolation));
                for (String statement : ChunkProjections.sessionStatements(source.engine())) {
                    s.execute(statement);
                }
            }
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                Duration timeout = source.queryTimeout() == null ? DEFAULT_TIMEOUT : source.queryTimeout();
                ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
                if (source.fetchSize() > 0) {
                    ps.setFetchSize(source.fetchSize());
                }
                List<Object> params = sql.parameters();
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long hash = hasher.hash(rs);
                        List<Object> key = new ArrayList<>(keyColumns.size());
                        for (String column : keyColumns) {
                            key.add(rs.getObject(column));
                        }
                        rows.add(new KeyedValue(new Key(key), hash,
                                valued == null ? null : valued.value(hasher.lastValue(valued.name()))));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean transientFailure = e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    || state.startsWith("08") || state.equals("40001") || state.equals("40P01")
                    || state.equals("57014") || state.equals("HYT00");
            String message = "run " + runId + " of " + source.name() + "." + table + ": validation could not " + what
                    + " (SQLState " + state + ": " + e.getMessage() + "; statement: " + sql.sql().substring(0,
                    Math.min(200, sql.sql().length())) + "; parameter types: " + sql.parameters().stream().limit(4)
                    .map(p -> p == null ? "null" : p.getClass().getSimpleName()).toList() + ")";
            throw transientFailure ? new TransientFailure(message + "; it is retried", e)
                    : new SourceFailure(message + "; check the table, the login's grants and the connection", e);
        }
        return rows;
    }
}
