package dev.sluice.core.source;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.util.List;
import java.util.Optional;

/**
 * The SQL text one source engine needs, as exact statements with bound parameters: catalog introspection, keyset
 * and time-range chunk reads, key sampling and statistics, the watermark readings and (SQL Server) change
 * tracking. Identifiers are validated with {@link TableRef#isIdentifier(String)} and quoted; values are always
 * parameters. Result columns are named so one adapter reads every dialect alike (see each method).
 */
public interface SqlDialect {

    Engine engine();

    /** A validated identifier, quoted: {@code "x"} or {@code [x]}, embedded quotes doubled. */
    String quote(String identifier);

    default String qualified(TableRef table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /**
     * Columns: {@code column_name, ordinal, type_name, precision, scale, nullable} following
     * {@link SourceColumn}'s conventions, in ordinal order. No rows when the table does not exist.
     */
    BoundSql columns(TableRef table);

    /** Primary key columns: {@code column_name} in key order. */
    BoundSql primaryKey(TableRef table);

    /** Index key columns: {@code index_name, column_name, is_unique, is_clustered}, by index then key order. */
    BoundSql indexes(TableRef table);

    /** Catalog estimates: {@code row_estimate} (negative when unknown) and {@code bytes_estimate}. */
    BoundSql sizeEstimate(TableRef table);

    /**
     * The rows of one chunk: the projections, restricted to {@code range}, ordered by its key.
     *
     * @param readUncommitted SQL Server only: adds {@code WITH (NOLOCK)} (configured {@code readUncommitted})
     */
    BoundSql rangeRead(TableRef table, List<Projection> select, KeyRange range, boolean readUncommitted);

    /**
     * The rows whose key tuple (over {@code keyColumns}) equals one of {@code keys}: the projections, ordered by the
     * key. Each key is one bound value per key column; validation's source sample and key-range probe re-read rows
     * by key with the chunk's own select list, so their row hashes compare with the lake's.
     */
    default BoundSql keyRead(TableRef table, List<Projection> select, List<String> keyColumns,
                             List<List<Object>> keys) {
        if (keyColumns.isEmpty() || keys.isEmpty()) {
            throw new IllegalArgumentException("a read by key of " + table + " needs key columns and at least one key");
        }
        List<String> cols = keyColumns.stream().map(c -> {
            TableRef.requireIdentifier(c, "key column");
            return quote(c);
        }).toList();
        List<Object> params = new java.util.ArrayList<>();
        List<String> alternatives = new java.util.ArrayList<>();
        for (List<Object> key : keys) {
            if (key.size() != cols.size()) {
                throw new IllegalArgumentException("key " + key + " of " + table + " does not have one value per key"
                        + " column " + keyColumns);
            }
            List<String> terms = new java.util.ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                terms.add(cols.get(i) + " = ?");
                params.add(key.get(i));
            }
            alternatives.add("(" + String.join(" AND ", terms) + ")");
        }
        return new BoundSql("SELECT " + KeysetSql.selectList(select, this::quote) + " FROM " + qualified(table)
                + " WHERE " + String.join(" OR ", alternatives) + " ORDER BY " + String.join(", ", cols), params);
    }

    /** {@code row_count} of the rows in {@code range}. */
    BoundSql rangeCount(TableRef table, KeyRange range);

    /**
     * Key tuples of a sample of the rows in {@code within}, sorted by the source. {@code percent >= 100} reads every
     * key. The sample is deterministic for a given {@code seed} (REPEATABLE).
     *
     * @param pageSampling sample whole pages ({@code SYSTEM}, cheap on huge tables) rather than rows
     */
    BoundSql sample(TableRef table, List<String> columns, KeyRange within, double percent, long seed,
                    boolean pageSampling);

    /**
     * The statistics histogram of a single key column, in key order: {@code bound} and {@code row_weight} (the rows
     * each bound stands for, or NULL when the statistics spread rows evenly); SQL Server also returns
     * {@code stats_id} (use the first). Empty when this engine or type has none usable.
     */
    Optional<BoundSql> histogram(TableRef table, SourceColumn column);

    /** A check ({@code activity_visible}) that must pass before the readings may look at open transactions. */
    Optional<BoundSql> activityPermission();

    /**
     * The watermark readings in one query: {@code db_now} and, by type, {@code oldest_open} and
     * {@code activity_visible} (timestamp), {@code min_active_rowversion} (rowversion), {@code ct_current_version}
     * and {@code ct_min_valid_version} (changeTracking), {@code max_key} (key).
     *
     * @param column          the watermark column (null for changeTracking and full)
     * @param includeActivity whether to look at open transactions (false when {@link #activityPermission()} failed)
     */
    BoundSql readings(TableRef table, WatermarkConfig.Type type, SourceColumn column, boolean includeActivity);

    /**
     * SQL Server change tracking: the net changes after {@code lastVersion} whose latest version is at most
     * {@code capturedVersion} (the version the run's plan captured), one row per key in key order: the items of
     * {@code select} over the changed rows, then {@code _sluice_op} ({@code I}, {@code U} or {@code D}). The key
     * comes from the change table; a delete carries NULL for every other column. See {@link ChangeTrackingSql} for
     * the exact statement and its guarantees.
     *
     * @param primaryKey the table's primary key, in key order; every key column must be among {@code columns}
     * @param columns    the source columns {@code select} reads (the chunk's carried columns)
     */
    BoundSql changeTrackingRead(TableRef table, List<String> primaryKey, List<String> columns, List<Projection> select,
                                long lastVersion, long capturedVersion);

    /** The statement that sets a session's isolation for chunk reads. */
    String isolationStatement(IsolationLevel isolation);

    static SqlDialect of(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> new PostgresDialect();
            case SQLSERVER -> new SqlServerDialect();
        };
    }
}
