package dev.sluice.core.source;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.WatermarkConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The JDBC adapter of the source ports: describes tables, reads the watermark readings, samples keys, and reads
 * chunks, through whatever opens connections (a {@link DataSource}, a driver). Only {@code java.sql} is used; the
 * driver is the caller's. Every statement gets the configured query timeout; chunk reads stream with the
 * configured fetch size inside one transaction at the configured isolation.
 */
public final class JdbcSource implements SourceCatalog, SourceClock, KeySampler {

    /** Opens a new connection to the source. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Receives the rows of a chunk read, one call per row, the result set positioned on it. */
    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet row) throws SQLException;
    }

    private static final int DEFAULT_FETCH_SIZE = 10_000;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final SourceConfig config;
    private final SqlDialect dialect;
    private final ConnectionFactory connections;

    public JdbcSource(SourceConfig config, SqlDialect dialect, ConnectionFactory connections) {
        this.config = config;
        this.dialect = dialect;
        this.connections = connections;
    }

    public static JdbcSource of(SourceConfig config, DataSource dataSource) {
        return new JdbcSource(config, SqlDialect.of(config.engine()), dataSource::getConnection);
    }

    /**
     * A source that opens connections through {@link java.sql.DriverManager} (the driver must be on the class path)
     * with the URL from config and the properties of {@link JdbcConnectionSettings}: credentials and TLS.
     */
    public static JdbcSource connect(SourceConfig config, SourceCredentials credentials) {
        JdbcConnectionSettings settings = JdbcConnectionSettings.of(config, credentials);
        return new JdbcSource(config, SqlDialect.of(config.engine()),
                () -> java.sql.DriverManager.getConnection(settings.url(), settings.properties()));
    }

    public SqlDialect dialect() {
        return dialect;
    }

    private String sourceName() {
        return config.name();
    }

    // ---------------------------------------------------------------- catalog

    @Override
    public SourceTable describe(TableRef table) {
        return withConnection(table, "describe", c -> {
            List<SourceColumn> columns = new ArrayList<>();
            query(c, dialect.columns(table), rs -> columns.add(new SourceColumn(
                    rs.getString("column_name"), rs.getInt("ordinal"),
                    rs.getString("type_name").toLowerCase(Locale.ROOT), rs.getInt("precision"),
                    rs.getInt("scale"), rs.getBoolean("nullable"))));
            if (columns.isEmpty()) {
                throw new SourceException("table " + table + " was not found in source " + sourceName()
                        + " (or the login cannot see it): check tables[].table in config and the login's grants");
            }
            List<String> pk = new ArrayList<>();
            query(c, dialect.primaryKey(table), rs -> pk.add(rs.getString("column_name")));
            Map<String, List<String>> indexColumns = new LinkedHashMap<>();
            Map<String, boolean[]> indexFlags = new LinkedHashMap<>();
            query(c, dialect.indexes(table), rs -> {
                String name = rs.getString("index_name");
                indexColumns.computeIfAbsent(name, n -> new ArrayList<>()).add(rs.getString("column_name"));
                indexFlags.put(name, new boolean[] {rs.getBoolean("is_unique"), rs.getBoolean("is_clustered")});
            });
            List<SourceIndex> indexes = new ArrayList<>();
            indexColumns.forEach((name, cols) -> indexes.add(
                    new SourceIndex(name, cols, indexFlags.get(name)[0], indexFlags.get(name)[1])));
            long[] size = {-1, 0};
            query(c, dialect.sizeEstimate(table), rs -> {
                size[0] = rs.getLong("row_estimate");
                size[1] = rs.getLong("bytes_estimate");
            });
            return new SourceTable(table, columns, pk, indexes, size[0], size[1]);
        });
    }

    // ---------------------------------------------------------------- readings

    @Override
    public SourceReadings read(TableRef table, WatermarkConfig.Type type, SourceColumn column) {
        return withConnection(table, "read the watermark readings", c -> {
            boolean activity = true;
            if (type == WatermarkConfig.Type.TIMESTAMP && dialect.activityPermission().isPresent()) {
                boolean[] visible = {false};
                query(c, dialect.activityPermission().get(), rs -> visible[0] = rs.getBoolean("activity_visible"));
                activity = visible[0];
            }
            boolean local = column != null && localTemporal(column.typeName());
            SourceReadings[] out = new SourceReadings[1];
            boolean includeActivity = activity;
            query(c, dialect.readings(table, type, column, includeActivity), rs -> {
                KeyValue now = temporal(rs, "db_now", type == WatermarkConfig.Type.TIMESTAMP && local);
                out[0] = switch (type) {
                    case TIMESTAMP -> SourceReadings.timestamp(now,
                            has(rs, "oldest_open") ? temporal(rs, "oldest_open", local) : null,
                            rs.getBoolean("activity_visible"));
                    case ROWVERSION -> SourceReadings.rowversion(now, rs.getLong("min_active_rowversion"));
                    case CHANGE_TRACKING -> SourceReadings.changeTracking(now,
                            (Long) nullableLong(rs, "ct_current_version"),
                            (Long) nullableLong(rs, "ct_min_valid_version"));
                    case KEY -> SourceReadings.key(now, KeyValue.fromJdbc(rs.getObject("max_key")));
                    case FULL -> SourceReadings.clockOnly(now);
                };
            });
            return out[0];
        });
    }

    /** True for source types holding a local (zone-less) date-time. */
    public static boolean localTemporal(String typeName) {
        return switch (typeName) {
            case "timestamp", "datetime", "datetime2", "smalldatetime" -> true;
            default -> false;
        };
    }

    private static boolean has(ResultSet rs, String label) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(label)) {
                return true;
            }
        }
        return false;
    }

    private static Object nullableLong(ResultSet rs, String label) throws SQLException {
        long v = rs.getLong(label);
        return rs.wasNull() ? null : v;
    }

    private static KeyValue temporal(ResultSet rs, String label, boolean local) throws SQLException {
        int i = rs.findColumn(label);
        String typeName = rs.getMetaData().getColumnTypeName(i).toLowerCase(Locale.ROOT);
        boolean zoned = typeName.contains("timestamptz") || typeName.contains("offset")
                || rs.getMetaData().getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE;
        if (zoned) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            if (t == null) {
                return null;
            }
            return local ? KeyValue.ofTimestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                    : KeyValue.ofInstant(t.toInstant());
        }
        LocalDateTime t = rs.getObject(i, LocalDateTime.class);
        if (t == null) {
            return null;
        }
        return local ? KeyValue.ofTimestamp(t) : KeyValue.ofInstant(t.toInstant(ZoneOffset.UTC));
    }

    // ---------------------------------------------------------------- key distribution

    @Override
    public KeyDistribution distribution(SourceTable table, List<String> columns, KeyRange within,
                                        int targetPoints) {
        boolean allKeys = within.wholeTableRange() || (!within.nulls() && within.lowerExclusive() == null
                && within.upperInclusive() == null);
        if (columns.size() == 1 && allKeys && table.rowEstimate() > 0) {
            Optional<KeyDistribution> h = histogram(table, columns.getFirst(), targetPoints);
            if (h.isPresent()) {
                return h.get();
            }
        }
        long rows = Math.max(0, table.rowEstimate());
        double percent = rows == 0 ? 100 : Math.min(100, 100.0 * targetPoints * 1.5 / rows);
        long seed = Math.floorMod(table.ref().toString().hashCode(), 1_000_000);
        boolean pages = rows > 5_000_000;
        while (true) {
            double p = percent;
            List<KeyDistribution.Point> points = new ArrayList<>();
            double weight = 100.0 / p;
            withConnection(table.ref(), "sample keys", c -> {
                query(c, dialect.sample(table.ref(), columns, within, p, seed, pages), rs -> {
                    List<KeyValue> key = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        key.add(readKey(rs, i));
                    }
                    points.add(new KeyDistribution.Point(key, weight));
                });
                return null;
            });
            boolean enough = points.size() >= Math.min(100, Math.max(1, targetPoints / 4));
            if (p >= 100 || enough) {
                String method = p >= 100 ? "all keys, sorted by the source"
                        : "sample " + KeysetSql.percentText(p) + "% " + (pages ? "SYSTEM" : "rows")
                        + " REPEATABLE (" + seed + "), sorted by the source";
                return new KeyDistribution(points, method);
            }
            percent = Math.min(100, p * 8);
        }
    }

    private Optional<KeyDistribution> histogram(SourceTable table, String columnName, int targetPoints) {
        Optional<SourceColumn> column = table.column(columnName);
        if (column.isEmpty()) {
            return Optional.empty();
        }
        Optional<BoundSql> sql = dialect.histogram(table.ref(), column.get());
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        List<KeyValue> bounds = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        try (Connection c = connections.open()) {
            Object[] firstStats = {null};
            query(c, sql.get(), rs -> {
                if (has(rs, "stats_id")) {
                    Object stats = rs.getObject("stats_id");
                    if (firstStats[0] == null) {
                        firstStats[0] = stats;
                    } else if (!firstStats[0].equals(stats)) {
                        return;
                    }
                }
                bounds.add(readKey(rs, rs.findColumn("bound")));
                double w = rs.getDouble("row_weight");
                weights.add(rs.wasNull() ? Double.NaN : w);
            });
        } catch (SQLException | RuntimeException e) {
            return Optional.empty(); // statistics are an optimisation: the sample below is always correct
        }
        // Use the histogram only with at least eight buckets per chunk (targetPoints asks ~100 points per chunk):
        // a boundary can land a whole bucket late, so coarser histograms overshoot the chunk bound.
        if (bounds.size() < 2 || (bounds.size() - 1) * 12L < targetPoints || bounds.contains(null)) {
            return Optional.empty();
        }
        double even = (double) table.rowEstimate() / (bounds.size() - 1);
        List<KeyDistribution.Point> points = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            double w = weights.get(i).isNaN() ? (i == 0 ? 0 : even) : weights.get(i);
            points.add(new KeyDistribution.Point(List.of(bounds.get(i)), w));
        }
        return Optional.of(new KeyDistribution(points, dialect.engine().name().toLowerCase(Locale.ROOT)
                + " statistics histogram (" + bounds.size() + " bounds)"));
    }

    /** Reads a key value typed as the source declared it (zoned timestamps as instants). */
    static KeyValue readKey(ResultSet rs, int i) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        String typeName = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        int type = md.getColumnType(i);
        if (typeName.contains("timestamptz") || typeName.contains("datetimeoffset")
                || type == Types.TIMESTAMP_WITH_TIMEZONE) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : KeyValue.ofInstant(t.toInstant());
        }
        if (type == Types.TIMESTAMP) {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            return t == null ? null : KeyValue.ofTimestamp(t);
        }
        if (type == Types.DATE) {
            LocalDate d = rs.getObject(i, LocalDate.class);
            return d == null ? null : new KeyValue(KeyValue.DATE, d.toString());
        }
        return KeyValue.fromJdbc(rs.getObject(i));
    }

    // ---------------------------------------------------------------- chunk reads

    /** The number of rows in {@code range} (validation, tests). */
    public long count(TableRef table, KeyRange range) {
        return withConnection(table, "count rows", c -> {
            long[] n = {0};
            query(c, dialect.rangeCount(table, range), rs -> n[0] = rs.getLong("row_count"));
            return n[0];
        });
    }

    /**
     * Streams the rows of one chunk to {@code handler}, in key order, inside one read-only transaction at the
     * configured isolation ({@code readUncommitted} becomes SQL Server's NOLOCK hint on this read only).
     *
     * @return the number of rows read
     */
    public long read(TableRef table, List<Projection> select, KeyRange range, RowHandler handler) {
        IsolationLevel isolation = config.isolation() == null ? IsolationLevel.READ_COMMITTED : config.isolation();
        BoundSql sql = dialect.rangeRead(table, select, range, isolation == IsolationLevel.READ_UNCOMMITTED);
        return streamInTransaction(table, "read a chunk", isolation, sql, handler);
    }

    /** Streams {@code sql}'s rows to {@code handler} in one transaction at {@code isolation}; rolls back on failure. */
    private long streamInTransaction(TableRef table, String what, IsolationLevel isolation, BoundSql sql,
                                     RowHandler handler) {
        return withConnection(table, what, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.isolationStatement(isolation));
            }
            c.setAutoCommit(false);
            try {
                long[] n = {0};
                query(c, sql, rs -> {
                    handler.row(rs);
                    n[0]++;
                });
                c.commit();
                return n[0];
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface RowVisitor {
        void row(ResultSet rs) throws SQLException;
    }

    private <T> T withConnection(TableRef table, String what, Work<T> work) {
        try (Connection c = connections.open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(table, what, e);
        }
    }

    private void query(Connection c, BoundSql sql, RowVisitor visitor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
            Duration timeout = config.queryTimeout() == null ? DEFAULT_TIMEOUT : config.queryTimeout();
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds())));
            ps.setFetchSize(config.fetchSize() > 0 ? config.fetchSize() : DEFAULT_FETCH_SIZE);
            List<Object> params = sql.parameters();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visitor.row(rs);
                }
            }
        }
    }

    private SourceException failure(TableRef table, String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean transientFailure = e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || state.startsWith("08") || state.equals("40001") || state.equals("57014")
                || state.equals("HYT00");
        return new SourceException("source " + sourceName() + ", table " + table + ": could not " + what
                + " (SQLState " + state + ", " + e.getClass().getSimpleName() + ": " + e.getMessage() + "); "
                + (transientFailure ? "the failure is transient: retry" : "check the table, grants and config"),
                transientFailure, e);
    }
}
