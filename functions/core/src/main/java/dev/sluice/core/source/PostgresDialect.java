package dev.sluice.core.source;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PostgreSQL's SQL: catalog from {@code pg_catalog}, row-value keyset comparisons, {@code TABLESAMPLE} and
 * {@code pg_stats} histograms, and {@code pg_stat_activity} for the oldest open transaction.
 *
 * <p>Columns of type {@code timestamp} (without time zone) are assumed to hold UTC: their clock is
 * {@code clock_timestamp() AT TIME ZONE 'UTC'}.
 */
public final class PostgresDialect implements SqlDialect {

    private static final String TABLE_FILTER = "n.nspname = ? AND c.relname = ?";

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public String quote(String identifier) {
        TableRef.requireIdentifier(identifier, "identifier");
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public BoundSql columns(TableRef t) {
        return BoundSql.of("SELECT a.attname AS column_name,"
                + " row_number() OVER (ORDER BY a.attnum) AS ordinal,"
                + " t.typname AS type_name,"
                + " CASE"
                + " WHEN t.typname = 'numeric' THEN CASE WHEN a.atttypmod < 0 THEN -1"
                + " ELSE ((a.atttypmod - 4) >> 16) & 65535 END"
                + " WHEN t.typname IN ('varchar', 'bpchar') THEN CASE WHEN a.atttypmod < 0 THEN -1"
                + " ELSE a.atttypmod - 4 END"
                + " WHEN t.typname IN ('bit', 'varbit') THEN CASE WHEN a.atttypmod < 0 THEN -1 ELSE a.atttypmod END"
                + " WHEN t.typname IN ('timestamp', 'timestamptz', 'time', 'timetz') THEN"
                + " CASE WHEN a.atttypmod < 0 THEN 6 ELSE a.atttypmod END"
                + " WHEN t.typname = 'interval' THEN"
                + " CASE WHEN a.atttypmod < 0 OR (a.atttypmod & 65535) = 65535 THEN 6 ELSE a.atttypmod & 65535 END"
                + " WHEN t.typname IN ('text', 'bytea', 'json', 'jsonb', 'xml') THEN -1"
                + " ELSE 0 END AS precision,"
                + " CASE WHEN t.typname = 'numeric' THEN CASE WHEN a.atttypmod < 0 THEN -1"
                + " ELSE (a.atttypmod - 4) & 65535 END ELSE 0 END AS scale,"
                + " NOT a.attnotnull AS nullable"
                + " FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                + " WHERE " + TABLE_FILTER + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                + " AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum", t.schema(), t.table());
    }

    @Override
    public BoundSql primaryKey(TableRef t) {
        return BoundSql.of("SELECT a.attname AS column_name"
                + " FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE " + TABLE_FILTER + " AND i.indisprimary"
                + " ORDER BY k.position", t.schema(), t.table());
    }

    @Override
    public BoundSql indexes(TableRef t) {
        return BoundSql.of("SELECT ic.relname AS index_name, a.attname AS column_name,"
                + " i.indisunique AS is_unique, i.indisclustered AS is_clustered"
                + " FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE " + TABLE_FILTER + " AND k.position <= i.indnkeyatts"
                + " ORDER BY ic.relname, k.position", t.schema(), t.table());
    }

    @Override
    public BoundSql sizeEstimate(TableRef t) {
        return BoundSql.of("SELECT CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS row_estimate,"
                + " pg_catalog.pg_table_size(c.oid) AS bytes_estimate"
                + " FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + TABLE_FILTER, t.schema(), t.table());
    }

    @Override
    public BoundSql rangeRead(TableRef t, List<Projection> select, KeyRange range, boolean readUncommitted) {
        List<Object> params = new ArrayList<>();
        String predicate = KeysetSql.predicate(range, this::quote, true, params);
        return new BoundSql("SELECT " + KeysetSql.selectList(select, this::quote) + " FROM " + qualified(t)
                + KeysetSql.where(predicate) + KeysetSql.orderBy(range, this::quote), params);
    }

    /**
     * The chunk read of {@link #rangeRead} as {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}, or empty when a
     * key bound has a type this renders no literal for (text, bytes, times): COPY takes no bind parameters, so the
     * bounds become literals. Each literal is printed from the bound's parsed Java value (a number, a date, a
     * timestamp, a uuid, a boolean), never copied from text, so no input can change the statement's shape.
     */
    public Optional<String> binaryCopyRead(TableRef t, List<Projection> select, KeyRange range) {
        List<Object> params = new ArrayList<>();
        String predicate = KeysetSql.predicate(range, this::quote, true, params);
        StringBuilder where = new StringBuilder();
        int next = 0;
        for (int i = 0; i < predicate.length(); i++) {
            char ch = predicate.charAt(i);
            if (ch != '?') {
                where.append(ch);
                continue;
            }
            Optional<String> literal = literal(params.get(next++));
            if (literal.isEmpty()) {
                return Optional.empty();
            }
            where.append(literal.get());
        }
        return Optional.of("COPY (SELECT " + KeysetSql.selectList(select, this::quote) + " FROM " + qualified(t)
                + KeysetSql.where(where.toString()) + KeysetSql.orderBy(range, this::quote)
                + ") TO STDOUT (FORMAT binary)");
    }

    /** A SQL literal of a bound value that {@link KeyValue#toJdbc()} produced, typed as PgJDBC would bind it. */
    static Optional<String> literal(Object value) {
        return switch (value) {
            case Long l -> Optional.of("(" + l + ")");
            case java.math.BigDecimal d -> Optional.of("(" + d.toPlainString() + ")");
            case Boolean b -> Optional.of(b ? "TRUE" : "FALSE");
            case java.util.UUID u -> Optional.of("'" + u + "'::uuid");
            case java.time.LocalDate d when d.getYear() >= 1 && d.getYear() <= 9999 ->
                    Optional.of("DATE '" + d + "'");
            case java.time.LocalDateTime d when d.getYear() >= 1 && d.getYear() <= 9999 ->
                    Optional.of("TIMESTAMP '" + d + "'");
            case java.time.OffsetDateTime d when d.getYear() >= 1 && d.getYear() <= 9999 ->
                    Optional.of("TIMESTAMPTZ '" + d + "'");
            default -> Optional.empty();
        };
    }

    @Override
    public BoundSql rangeCount(TableRef t, KeyRange range) {
        List<Object> params = new ArrayList<>();
        String predicate = KeysetSql.predicate(range, this::quote, true, params);
        return new BoundSql("SELECT count(*) AS row_count FROM " + qualified(t) + KeysetSql.where(predicate),
                params);
    }

    @Override
    public BoundSql sample(TableRef t, List<String> columns, KeyRange within, double percent, long seed,
                           boolean pageSampling) {
        List<Object> params = new ArrayList<>();
        String sampling = "";
        if (percent < 100) {
            sampling = " TABLESAMPLE " + (pageSampling ? "SYSTEM" : "BERNOULLI") + " (?) REPEATABLE (?)";
            params.add(percent);
            params.add((double) seed);
        }
        KeyRange restricted = within.wholeTableRange() ? KeyRange.all(columns) : within;
        String predicate = KeysetSql.predicate(restricted, this::quote, true, params);
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        return new BoundSql("SELECT " + cols + " FROM " + qualified(t) + sampling + KeysetSql.where(predicate)
                + " ORDER BY " + cols, params);
    }

    /**
     * The {@code pg_stats} histogram, used only when it describes every row evenly (no most-common values). The
     * bounds are cast back from the histogram's text form to the column's own type, so they compare in the
     * column's collation. Statistics older than the data only unbalance chunks: the open first and last chunks
     * still cover every row. ({@code n_mod_since_analyze} is not a usable staleness test: counters flushed after
     * an ANALYZE count rows it already saw.)
     */
    @Override
    public Optional<BoundSql> histogram(TableRef t, SourceColumn column) {
        if (!TableRef.isIdentifier(column.typeName()) || column.typeName().startsWith("_")) {
            return Optional.empty();
        }
        return Optional.of(BoundSql.of("SELECT b.bound AS bound, CAST(NULL AS float8) AS row_weight"
                + " FROM pg_catalog.pg_stats s"
                + " JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname"
                + " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename"
                + " CROSS JOIN LATERAL unnest(s.histogram_bounds::text::" + quote(column.typeName()) + "[])"
                + " WITH ORDINALITY AS b(bound, position)"
                + " WHERE s.schemaname = ? AND s.tablename = ? AND s.attname = ? AND NOT s.inherited"
                + " AND s.most_common_vals IS NULL AND c.reltuples > 0"
                + " ORDER BY b.position", t.schema(), t.table(), column.name()));
    }

    @Override
    public Optional<BoundSql> activityPermission() {
        return Optional.empty(); // pg_stat_activity is always readable; hidden sessions are detected in readings
    }

    /**
     * For timestamp cursors, the oldest open transaction is the earliest {@code xact_start} of any other client
     * session of this database, whether or not it has written yet: a transaction that has only read so far can
     * still write a row stamped {@code now()}, which is its start. Without {@code pg_read_all_stats}, sessions of
     * other roles show NULL {@code state}, {@code xact_start} and (PostgreSQL 14+) {@code backend_type}; any such
     * session in this database makes {@code activity_visible} false.
     */
    @Override
    public BoundSql readings(TableRef t, WatermarkConfig.Type type, SourceColumn column, boolean includeActivity) {
        boolean local = column != null && column.typeName().equals("timestamp");
        String now = local ? "clock_timestamp() AT TIME ZONE 'UTC'" : "clock_timestamp()";
        return switch (type) {
            case TIMESTAMP -> BoundSql.of("SELECT " + now + " AS db_now,"
                    + " (SELECT min(a.xact_start)" + (local ? " AT TIME ZONE 'UTC'" : "")
                    + " FROM pg_catalog.pg_stat_activity a"
                    + " WHERE a.datname = current_database() AND a.pid <> pg_catalog.pg_backend_pid()"
                    + " AND a.backend_type = 'client backend' AND a.xact_start IS NOT NULL) AS oldest_open,"
                    + " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a"
                    + " WHERE a.datname = current_database()"
                    + " AND (a.backend_type IS NULL OR a.backend_type = 'client backend')"
                    + " AND a.state IS NULL) AS activity_visible");
            case KEY -> BoundSql.of("SELECT clock_timestamp() AS db_now, (SELECT max(" + quote(column.name())
                    + ") FROM " + qualified(t) + ") AS max_key");
            case FULL -> BoundSql.of("SELECT clock_timestamp() AS db_now");
            case ROWVERSION, CHANGE_TRACKING -> throw new SourceException("table " + t + ": watermark type "
                    + (type == WatermarkConfig.Type.ROWVERSION ? "rowversion" : "changeTracking") + " exists only on SQL Server; use timestamp, key or full for"
                    + " PostgreSQL sources");
        };
    }

    @Override
    public BoundSql changeTrackingRead(TableRef t, List<String> primaryKey, List<String> columns,
                                       List<Projection> select, long lastVersion, long capturedVersion) {
        throw new SourceException("table " + t + ": change tracking exists only on SQL Server; use a timestamp"
                + " or key watermark for PostgreSQL sources");
    }

    @Override
    public String isolationStatement(IsolationLevel isolation) {
        // PostgreSQL never reads uncommitted data; its snapshot level is REPEATABLE READ.
        return "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL "
                + (isolation == IsolationLevel.SNAPSHOT ? "REPEATABLE READ" : "READ COMMITTED");
    }
}
