package dev.sluice.core.source;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL Server's SQL: catalog from {@code sys.*} views (objects found by {@code OBJECT_ID(?)} of the quoted name,
 * bound as a parameter), keyset comparisons expanded without row values, {@code TABLESAMPLE SYSTEM} and
 * {@code sys.dm_db_stats_histogram}, {@code MIN_ACTIVE_ROWVERSION()}, change tracking, and the transaction DMVs
 * (which need VIEW SERVER STATE) for the oldest open transaction.
 *
 * <p>{@code datetime}/{@code datetime2} cursors are assumed to hold UTC ({@code SYSUTCDATETIME()});
 * {@code datetimeoffset} cursors use {@code SYSDATETIMEOFFSET()}.
 */
public final class SqlServerDialect implements SqlDialect {

    @Override
    public Engine engine() {
        return Engine.SQLSERVER;
    }

    @Override
    public String quote(String identifier) {
        TableRef.requireIdentifier(identifier, "identifier");
        return '[' + identifier.replace("]", "]]") + ']';
    }

    /** The quoted two-part name, as the string parameter of {@code OBJECT_ID(?)}. */
    public String objectName(TableRef t) {
        return qualified(t);
    }

    @Override
    public BoundSql columns(TableRef t) {
        return BoundSql.of("SELECT c.name AS column_name,"
                + " ROW_NUMBER() OVER (ORDER BY c.column_id) AS ordinal,"
                + " LOWER(bt.name) AS type_name,"
                + " CASE"
                + " WHEN bt.name IN ('decimal', 'numeric', 'float', 'real') THEN CAST(c.precision AS int)"
                + " WHEN bt.name IN ('datetime2', 'datetimeoffset', 'time', 'datetime') THEN CAST(c.scale AS int)"
                + " WHEN bt.name IN ('char', 'varchar', 'binary', 'varbinary') THEN CAST(c.max_length AS int)"
                + " WHEN bt.name IN ('nchar', 'nvarchar') THEN"
                + " CASE WHEN c.max_length = -1 THEN -1 ELSE c.max_length / 2 END"
                + " WHEN bt.name IN ('text', 'ntext', 'image', 'xml') THEN -1"
                + " ELSE 0 END AS precision,"
                + " CASE WHEN bt.name IN ('decimal', 'numeric') THEN CAST(c.scale AS int) ELSE 0 END AS scale,"
                + " c.is_nullable AS nullable"
                + " FROM sys.columns AS c"
                + " JOIN sys.types AS ut ON ut.user_type_id = c.user_type_id"
                + " JOIN sys.types AS bt ON bt.user_type_id ="
                + " CASE WHEN ut.is_assembly_type = 1 THEN ut.user_type_id ELSE ut.system_type_id END"
                + " WHERE c.object_id = OBJECT_ID(?)"
                + " ORDER BY c.column_id", objectName(t));
    }

    @Override
    public BoundSql primaryKey(TableRef t) {
        return BoundSql.of("SELECT c.name AS column_name"
                + " FROM sys.indexes AS i"
                + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
                + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
                + " WHERE i.object_id = OBJECT_ID(?) AND i.is_primary_key = 1 AND ic.key_ordinal > 0"
                + " ORDER BY ic.key_ordinal", objectName(t));
    }

    @Override
    public BoundSql indexes(TableRef t) {
        return BoundSql.of("SELECT i.name AS index_name, c.name AS column_name, i.is_unique AS is_unique,"
                + " CAST(CASE WHEN i.type = 1 THEN 1 ELSE 0 END AS bit) AS is_clustered"
                + " FROM sys.indexes AS i"
                + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
                + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
                + " WHERE i.object_id = OBJECT_ID(?) AND i.type IN (1, 2) AND ic.key_ordinal > 0"
                + " ORDER BY i.name, ic.key_ordinal", objectName(t));
    }

    /** Rows and used bytes of the heap or clustered index, from sys.partitions and sys.allocation_units. */
    @Override
    public BoundSql sizeEstimate(TableRef t) {
        return BoundSql.of("SELECT"
                + " (SELECT COALESCE(SUM(p.rows), 0) FROM sys.partitions AS p"
                + " WHERE p.object_id = OBJECT_ID(?) AND p.index_id IN (0, 1)) AS row_estimate,"
                + " (SELECT COALESCE(SUM(a.used_pages), 0) * 8192 FROM sys.partitions AS p"
                + " JOIN sys.allocation_units AS a ON a.container_id ="
                + " CASE WHEN a.type = 2 THEN p.partition_id ELSE p.hobt_id END"
                + " WHERE p.object_id = OBJECT_ID(?) AND p.index_id IN (0, 1)) AS bytes_estimate",
                objectName(t), objectName(t));
    }

    private String from(TableRef t, boolean readUncommitted) {
        return " FROM " + qualified(t) + (readUncommitted ? " WITH (NOLOCK)" : "");
    }

    @Override
    public BoundSql rangeRead(TableRef t, List<Projection> select, KeyRange range, boolean readUncommitted) {
        List<Object> params = new ArrayList<>();
        String predicate = KeysetSql.predicate(range, this::quote, false, params);
        return new BoundSql("SELECT " + KeysetSql.selectList(select, this::quote) + from(t, readUncommitted)
                + KeysetSql.where(predicate) + KeysetSql.orderBy(range, this::quote), params);
    }

    @Override
    public BoundSql rangeCount(TableRef t, KeyRange range) {
        List<Object> params = new ArrayList<>();
        String predicate = KeysetSql.predicate(range, this::quote, false, params);
        return new BoundSql("SELECT COUNT_BIG(*) AS row_count" + from(t, false) + KeysetSql.where(predicate),
                params);
    }

    /**
     * SQL Server samples pages only ({@code TABLESAMPLE SYSTEM}); its percentage and seed must be constants, so they
     * are written as numeric literals computed by Sluice (never from input text).
     */
    @Override
    public BoundSql sample(TableRef t, List<String> columns, KeyRange within, double percent, long seed,
                           boolean pageSampling) {
        List<Object> params = new ArrayList<>();
        String sampling = percent < 100
                ? " TABLESAMPLE SYSTEM (" + KeysetSql.percentText(percent) + " PERCENT) REPEATABLE (" + seed + ")"
                : "";
        KeyRange restricted = within.wholeTableRange() ? KeyRange.all(columns) : within;
        String predicate = KeysetSql.predicate(restricted, this::quote, false, params);
        String cols = columns.stream().map(this::quote).collect(Collectors.joining(", "));
        return new BoundSql("SELECT " + cols + " FROM " + qualified(t) + sampling + KeysetSql.where(predicate)
                + " ORDER BY " + cols, params);
    }

    /**
     * The histogram of every statistics object led by the column ({@code sys.dm_db_stats_histogram}, SQL Server
     * 2016 SP1 CU2 and later); the reader keeps the first {@code stats_id}. Each step's weight is its
     * {@code range_rows + equal_rows}.
     */
    @Override
    public Optional<BoundSql> histogram(TableRef t, SourceColumn column) {
        return Optional.of(BoundSql.of("SELECT s.stats_id AS stats_id, h.range_high_key AS bound,"
                + " CAST(h.range_rows + h.equal_rows AS float) AS row_weight"
                + " FROM sys.stats AS s"
                + " JOIN sys.stats_columns AS sc ON sc.object_id = s.object_id AND sc.stats_id = s.stats_id"
                + " AND sc.stats_column_id = 1"
                + " JOIN sys.columns AS c ON c.object_id = sc.object_id AND c.column_id = sc.column_id"
                + " CROSS APPLY sys.dm_db_stats_histogram(s.object_id, s.stats_id) AS h"
                + " WHERE s.object_id = OBJECT_ID(?) AND c.name = ?"
                + " ORDER BY s.stats_id, h.step_number", objectName(t), column.name()));
    }

    @Override
    public Optional<BoundSql> activityPermission() {
        return Optional.of(BoundSql.of(
                "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE') AS bit) AS activity_visible"));
    }

    /**
     * Timestamp cursors: the oldest open user transaction of any session but ours, converted from the server's
     * local {@code transaction_begin_time} (a {@code datetime}, rounded to 1/300 s) to UTC and lowered by 4 ms
     * to undo that rounding.
     */
    @Override
    public BoundSql readings(TableRef t, WatermarkConfig.Type type, SourceColumn column, boolean includeActivity) {
        boolean offset = column != null && column.typeName().equals("datetimeoffset");
        String now = offset ? "SYSDATETIMEOFFSET()" : "SYSUTCDATETIME()";
        return switch (type) {
            case TIMESTAMP -> {
                if (!includeActivity) {
                    yield BoundSql.of("SELECT " + now + " AS db_now,"
                            + " CAST(0 AS bit) AS activity_visible");
                }
                String utcStart = "SWITCHOFFSET(TODATETIMEOFFSET(MIN(tat.transaction_begin_time),"
                        + " DATEPART(TZOFFSET, SYSDATETIMEOFFSET())), '+00:00')";
                String oldest = offset ? utcStart : "CAST(" + utcStart + " AS datetime2(7))";
                yield BoundSql.of("SELECT " + now + " AS db_now,"
                        + " (SELECT DATEADD(millisecond, -4, " + oldest + ")"
                        + " FROM sys.dm_tran_active_transactions AS tat"
                        + " JOIN sys.dm_tran_session_transactions AS tst ON tst.transaction_id = tat.transaction_id"
                        + " WHERE tst.session_id <> @@SPID) AS oldest_open,"
                        + " CAST(1 AS bit) AS activity_visible");
            }
            case ROWVERSION -> BoundSql.of("SELECT SYSUTCDATETIME() AS db_now,"
                    + " CAST(MIN_ACTIVE_ROWVERSION() AS bigint) AS min_active_rowversion");
            case CHANGE_TRACKING -> BoundSql.of("SELECT SYSUTCDATETIME() AS db_now,"
                    + " CHANGE_TRACKING_CURRENT_VERSION() AS ct_current_version,"
                    + " CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)) AS ct_min_valid_version", objectName(t));
            case KEY -> BoundSql.of("SELECT SYSUTCDATETIME() AS db_now, (SELECT MAX(" + quote(column.name())
                    + ") FROM " + qualified(t) + ") AS max_key");
            case FULL -> BoundSql.of("SELECT SYSUTCDATETIME() AS db_now");
        };
    }

    /**
     * {@link ChangeTrackingSql} over {@code CHANGETABLE(CHANGES [schema].[table], ?)}: the last synced version is a
     * bare bigint parameter, because CHANGETABLE takes only a scalar there (an expression such as a CAST is a syntax
     * error).
     */
    @Override
    public BoundSql changeTrackingRead(TableRef t, List<String> primaryKey, List<String> columns,
                                       List<Projection> select, long lastVersion, long capturedVersion) {
        return ChangeTrackingSql.read(this, t, "CHANGETABLE(CHANGES " + qualified(t) + ", ?)", primaryKey, columns,
                select, lastVersion, capturedVersion);
    }

    @Override
    public String isolationStatement(IsolationLevel isolation) {
        // readUncommitted is applied as a NOLOCK hint on chunk reads only; catalog and readings stay committed.
        return "SET TRANSACTION ISOLATION LEVEL "
                + (isolation == IsolationLevel.SNAPSHOT ? "SNAPSHOT" : "READ COMMITTED");
    }
}
