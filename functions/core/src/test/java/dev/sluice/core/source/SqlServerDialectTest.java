package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL Server has no engine here: every statement is pinned to its exact text and parameters. */
class SqlServerDialectTest {

    private final SqlServerDialect dialect = new SqlServerDialect();
    private final TableRef orders = new TableRef("sales", "orders");
    private final SourceColumn updatedAt = new SourceColumn("updated_at", 3, "datetime2", 7, 0, false);

    @Test
    void quotesWithBracketsAndRefusesInvalidNames() {
        assertThat(dialect.quote("Order Lines".replace(" ", "_"))).isEqualTo("[Order_Lines]");
        assertThat(dialect.qualified(new TableRef("dbo", "a#b$"))).isEqualTo("[dbo].[a#b$]");
        assertThatThrownBy(() -> dialect.quote("x]; DROP TABLE y --")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnsComeFromSysColumnsWithTheBaseTypeAndSourceColumnConventions() {
        BoundSql sql = dialect.columns(orders);
        assertThat(sql.sql()).isEqualTo("SELECT c.name AS column_name, ROW_NUMBER() OVER (ORDER BY c.column_id)"
                + " AS ordinal, LOWER(bt.name) AS type_name, CASE WHEN bt.name IN ('decimal', 'numeric', 'float',"
                + " 'real') THEN CAST(c.precision AS int) WHEN bt.name IN ('datetime2', 'datetimeoffset', 'time',"
                + " 'datetime') THEN CAST(c.scale AS int) WHEN bt.name IN ('char', 'varchar', 'binary', 'varbinary')"
                + " THEN CAST(c.max_length AS int) WHEN bt.name IN ('nchar', 'nvarchar') THEN CASE WHEN"
                + " c.max_length = -1 THEN -1 ELSE c.max_length / 2 END WHEN bt.name IN ('text', 'ntext', 'image',"
                + " 'xml') THEN -1 ELSE 0 END AS precision, CASE WHEN bt.name IN ('decimal', 'numeric') THEN"
                + " CAST(c.scale AS int) ELSE 0 END AS scale, c.is_nullable AS nullable FROM sys.columns AS c JOIN"
                + " sys.types AS ut ON ut.user_type_id = c.user_type_id JOIN sys.types AS bt ON bt.user_type_id ="
                + " CASE WHEN ut.is_assembly_type = 1 THEN ut.user_type_id ELSE ut.system_type_id END WHERE"
                + " c.object_id = OBJECT_ID(?) ORDER BY c.column_id");
        assertThat(sql.parameters()).containsExactly("[sales].[orders]");
    }

    @Test
    void primaryKeyIndexesAndSizeComeFromCatalogViews() {
        assertThat(dialect.primaryKey(orders)).isEqualTo(BoundSql.of("SELECT c.name AS column_name FROM"
                + " sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id ="
                + " i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
                + " WHERE i.object_id = OBJECT_ID(?) AND i.is_primary_key = 1 AND ic.key_ordinal > 0"
                + " ORDER BY ic.key_ordinal", "[sales].[orders]"));
        assertThat(dialect.indexes(orders)).isEqualTo(BoundSql.of("SELECT i.name AS index_name, c.name AS"
                + " column_name, i.is_unique AS is_unique, CAST(CASE WHEN i.type = 1 THEN 1 ELSE 0 END AS bit) AS"
                + " is_clustered FROM sys.indexes AS i JOIN sys.index_columns AS ic ON ic.object_id = i.object_id"
                + " AND ic.index_id = i.index_id JOIN sys.columns AS c ON c.object_id = ic.object_id AND"
                + " c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(?) AND i.type IN (1, 2) AND"
                + " ic.key_ordinal > 0 ORDER BY i.name, ic.key_ordinal", "[sales].[orders]"));
        assertThat(dialect.sizeEstimate(orders)).isEqualTo(BoundSql.of("SELECT (SELECT COALESCE(SUM(p.rows), 0)"
                + " FROM sys.partitions AS p WHERE p.object_id = OBJECT_ID(?) AND p.index_id IN (0, 1)) AS"
                + " row_estimate, (SELECT COALESCE(SUM(a.used_pages), 0) * 8192 FROM sys.partitions AS p JOIN"
                + " sys.allocation_units AS a ON a.container_id = CASE WHEN a.type = 2 THEN p.partition_id ELSE"
                + " p.hobt_id END WHERE p.object_id = OBJECT_ID(?) AND p.index_id IN (0, 1)) AS bytes_estimate",
                "[sales].[orders]", "[sales].[orders]"));
    }

    @Test
    void compositeKeysetReadExpandsTheRowComparisonAndBindsEveryValue() {
        KeyRange range = KeyRange.between(List.of("region", "id", "line"),
                List.of(KeyValue.ofString("eu"), KeyValue.ofLong(-42), KeyValue.ofLong(3)),
                List.of(KeyValue.ofString("us"), KeyValue.ofLong(7), KeyValue.ofLong(1)));
        BoundSql sql = dialect.rangeRead(orders, List.of(Projection.column("region"), Projection.column("id"),
                Projection.column("line"), Projection.of("node", c -> c + ".ToString()")), range, false);
        assertThat(sql.sql()).isEqualTo("SELECT [region], [id], [line], [node].ToString() AS [node]"
                + " FROM [sales].[orders]"
                + " WHERE ([region] > ? OR ([region] = ? AND [id] > ?) OR ([region] = ? AND [id] = ? AND [line] > ?))"
                + " AND ([region] < ? OR ([region] = ? AND [id] < ?) OR ([region] = ? AND [id] = ? AND [line] <= ?))"
                + " ORDER BY [region], [id], [line]");
        assertThat(sql.parameters()).containsExactly("eu", "eu", -42L, "eu", -42L, 3L, "us", "us", 7L, "us", 7L, 1L);
    }

    @Test
    void openEndsAndTheNullChunk() {
        List<Projection> id = List.of(Projection.column("id"));
        assertThat(dialect.rangeRead(orders, id, KeyRange.between("id", null, KeyValue.ofLong(100)), false))
                .isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [id] <= ? ORDER BY [id]", 100L));
        assertThat(dialect.rangeRead(orders, id, KeyRange.between("id", KeyValue.ofLong(100), null), false))
                .isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [id] > ? ORDER BY [id]", 100L));
        assertThat(dialect.rangeRead(orders, id, KeyRange.all(List.of("id")), false))
                .isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [id] IS NOT NULL ORDER BY [id]"));
        assertThat(dialect.rangeRead(orders, id, KeyRange.nullKeys("shipped_at"), false))
                .isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [shipped_at] IS NULL"));
        assertThat(dialect.rangeRead(orders, id, KeyRange.wholeTable(), false))
                .isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders]"));
    }

    @Test
    void timeRangeIsLowerExclusiveUpperInclusiveWithTypedParameters() {
        LocalDateTime lo = LocalDateTime.parse("2026-11-21T00:00:00.1234567");
        LocalDateTime hi = LocalDateTime.parse("2026-11-22T00:00");
        BoundSql sql = dialect.rangeRead(orders, List.of(Projection.column("id")),
                KeyRange.between("updated_at", KeyValue.ofTimestamp(lo), KeyValue.ofTimestamp(hi)), false);
        assertThat(sql).isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [updated_at] > ? AND"
                + " [updated_at] <= ? ORDER BY [updated_at]", lo, hi));
        OffsetDateTime zoned = OffsetDateTime.of(2026, 11, 22, 1, 0, 0, 0, ZoneOffset.UTC);
        assertThat(dialect.rangeCount(orders, KeyRange.between("changed", KeyValue.ofInstant(zoned.toInstant()),
                null))).isEqualTo(BoundSql.of("SELECT COUNT_BIG(*) AS row_count FROM [sales].[orders] WHERE"
                + " [changed] > ?", zoned));
    }

    @Test
    void nolockOnlyWhenReadUncommittedIsConfigured() {
        KeyRange range = KeyRange.between("id", KeyValue.ofLong(1), KeyValue.ofLong(2));
        assertThat(dialect.rangeRead(orders, List.of(Projection.column("id")), range, false).sql())
                .doesNotContain("NOLOCK");
        assertThat(dialect.rangeRead(orders, List.of(Projection.column("id")), range, true).sql())
                .isEqualTo("SELECT [id] FROM [sales].[orders] WITH (NOLOCK) WHERE [id] > ? AND [id] <= ?"
                        + " ORDER BY [id]");
        // The sample, count, readings and catalog never read dirty data.
        assertThat(dialect.sample(orders, List.of("id"), KeyRange.wholeTable(), 5, 1, true).sql())
                .doesNotContain("NOLOCK");
        assertThat(dialect.isolationStatement(IsolationLevel.READ_UNCOMMITTED))
                .isEqualTo("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
        assertThat(dialect.isolationStatement(IsolationLevel.SNAPSHOT))
                .isEqualTo("SET TRANSACTION ISOLATION LEVEL SNAPSHOT");
        assertThat(dialect.isolationStatement(IsolationLevel.READ_COMMITTED))
                .isEqualTo("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }

    @Test
    void sampleIsTablesampleSystemRepeatableSortedByTheSource() {
        assertThat(dialect.sample(orders, List.of("region", "id"), KeyRange.wholeTable(), 2.5, 42, true))
                .isEqualTo(BoundSql.of("SELECT [region], [id] FROM [sales].[orders] TABLESAMPLE SYSTEM (2.5 PERCENT)"
                        + " REPEATABLE (42) WHERE [region] IS NOT NULL ORDER BY [region], [id]"));
        assertThat(dialect.sample(orders, List.of("id"), KeyRange.between("id", null, KeyValue.ofLong(10)), 100, 42,
                false)).isEqualTo(BoundSql.of("SELECT [id] FROM [sales].[orders] WHERE [id] <= ? ORDER BY [id]", 10L));
    }

    @Test
    void histogramComesFromDmDbStatsHistogramWeightedBySteps() {
        assertThat(dialect.histogram(orders, new SourceColumn("id", 1, "bigint", 0, 0, false)).orElseThrow())
                .isEqualTo(BoundSql.of("SELECT s.stats_id AS stats_id, h.range_high_key AS bound,"
                        + " CAST(h.range_rows + h.equal_rows AS float) AS row_weight FROM sys.stats AS s JOIN"
                        + " sys.stats_columns AS sc ON sc.object_id = s.object_id AND sc.stats_id = s.stats_id AND"
                        + " sc.stats_column_id = 1 JOIN sys.columns AS c ON c.object_id = sc.object_id AND"
                        + " c.column_id = sc.column_id CROSS APPLY sys.dm_db_stats_histogram(s.object_id,"
                        + " s.stats_id) AS h WHERE s.object_id = OBJECT_ID(?) AND c.name = ? ORDER BY s.stats_id,"
                        + " h.step_number", "[sales].[orders]", "id"));
    }

    @Test
    void timestampReadingsTakeTheClockAndTheOldestOpenTransactionInOneQuery() {
        assertThat(dialect.activityPermission().orElseThrow()).isEqualTo(BoundSql.of(
                "SELECT CAST(HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE') AS bit) AS activity_visible"));
        assertThat(dialect.readings(orders, WatermarkConfig.Type.TIMESTAMP, updatedAt, true)).isEqualTo(BoundSql.of(
                "SELECT SYSUTCDATETIME() AS db_now, (SELECT DATEADD(millisecond, -4,"
                        + " CAST(SWITCHOFFSET(TODATETIMEOFFSET(MIN(tat.transaction_begin_time), DATEPART(TZOFFSET,"
                        + " SYSDATETIMEOFFSET())), '+00:00') AS datetime2(7))) FROM sys.dm_tran_active_transactions"
                        + " AS tat JOIN sys.dm_tran_session_transactions AS tst ON tst.transaction_id ="
                        + " tat.transaction_id WHERE tst.session_id <> @@SPID) AS oldest_open, CAST(1 AS bit) AS"
                        + " activity_visible"));
        SourceColumn offset = new SourceColumn("changed", 4, "datetimeoffset", 7, 0, false);
        assertThat(dialect.readings(orders, WatermarkConfig.Type.TIMESTAMP, offset, true).sql())
                .startsWith("SELECT SYSDATETIMEOFFSET() AS db_now, (SELECT DATEADD(millisecond, -4,"
                        + " SWITCHOFFSET(TODATETIMEOFFSET(MIN(tat.transaction_begin_time),");
        assertThat(dialect.readings(orders, WatermarkConfig.Type.TIMESTAMP, updatedAt, false)).isEqualTo(
                BoundSql.of("SELECT SYSUTCDATETIME() AS db_now, CAST(0 AS bit) AS activity_visible"));
    }

    @Test
    void rowversionKeyChangeTrackingAndFullReadings() {
        assertThat(dialect.readings(orders, WatermarkConfig.Type.ROWVERSION, null, true)).isEqualTo(BoundSql.of(
                "SELECT SYSUTCDATETIME() AS db_now, CAST(MIN_ACTIVE_ROWVERSION() AS bigint) AS"
                        + " min_active_rowversion"));
        assertThat(dialect.readings(orders, WatermarkConfig.Type.KEY,
                new SourceColumn("id", 1, "bigint", 0, 0, false), true)).isEqualTo(BoundSql.of(
                "SELECT SYSUTCDATETIME() AS db_now, (SELECT MAX([id]) FROM [sales].[orders]) AS max_key"));
        assertThat(dialect.readings(orders, WatermarkConfig.Type.CHANGE_TRACKING, null, true)).isEqualTo(BoundSql.of(
                "SELECT SYSUTCDATETIME() AS db_now, CHANGE_TRACKING_CURRENT_VERSION() AS ct_current_version,"
                        + " CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?)) AS ct_min_valid_version",
                "[sales].[orders]"));
        assertThat(dialect.readings(orders, WatermarkConfig.Type.FULL, null, true))
                .isEqualTo(BoundSql.of("SELECT SYSUTCDATETIME() AS db_now"));
    }

    @Test
    void changeTrackingReadJoinsTheChangeTableOnTheKeyAndBoundsTheLatestVersionByTheCapturedOne() {
        BoundSql sql = dialect.changeTrackingRead(orders, List.of("region", "id"),
                List.of("region", "id", "amount", "node", "v"),
                List.of(Projection.column("region"), Projection.column("id"), Projection.column("amount"),
                        Projection.of("node", c -> c + ".ToString()"), Projection.column("v"),
                        Projection.of("_sluice_basetype_v", c -> "SQL_VARIANT_PROPERTY([v], 'BaseType')")), 10, 20);
        assertThat(sql).isEqualTo(BoundSql.of("SELECT [region], [id], [amount], [node].ToString() AS [node], [v],"
                + " SQL_VARIANT_PROPERTY([v], 'BaseType') AS [_sluice_basetype_v], [_sluice_op]"
                + " FROM (SELECT ct.SYS_CHANGE_OPERATION AS [_sluice_op], ct.[region] AS [region], ct.[id] AS [id],"
                + " t.[amount] AS [amount], t.[node] AS [node], t.[v] AS [v]"
                + " FROM CHANGETABLE(CHANGES [sales].[orders], ?) AS ct"
                + " LEFT JOIN [sales].[orders] AS t ON t.[region] = ct.[region] AND t.[id] = ct.[id]"
                + " AND ct.SYS_CHANGE_OPERATION <> 'D'"
                + " WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_OPERATION = 'D' OR t.[region] IS NOT NULL))"
                + " AS c ORDER BY [region], [id]", 10L, 20L));
    }

    @Test
    void changeTrackingReadRefusesWhatCannotBeReadCorrectly() {
        assertThatThrownBy(() -> dialect.changeTrackingRead(orders, List.of(), List.of("id"),
                List.of(Projection.column("id")), 1, 2)).hasMessageContaining("change tracking needs a primary key");
        assertThatThrownBy(() -> dialect.changeTrackingRead(orders, List.of("id"), List.of("amount"),
                List.of(Projection.column("amount")), 1, 2))
                .hasMessageContaining("primary key column id is not among the columns read [amount]");
        assertThatThrownBy(() -> dialect.changeTrackingRead(orders, List.of("id"), List.of("id"),
                List.of(Projection.column("id")), 5, 4)).hasMessageContaining("(5, 4] is reversed");
        assertThatThrownBy(() -> dialect.changeTrackingRead(orders, List.of("id]; DROP TABLE x --"),
                List.of("id]; DROP TABLE x --"), List.of(), 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid identifier name");
    }

    @Test
    void rowversionBoundsBindAsEightBytesSoTheComparisonStaysSargable() {
        BoundSql sql = dialect.rangeRead(orders, List.of(Projection.column("id")),
                KeyRange.between("rv", KeyValue.ofRowversion(255), KeyValue.ofRowversion(0x1_0000_0001L)), false);
        assertThat(sql.sql()).isEqualTo("SELECT [id] FROM [sales].[orders] WHERE [rv] > ? AND [rv] <= ? ORDER BY [rv]");
        assertThat((byte[]) sql.parameters().get(0)).containsExactly(0, 0, 0, 0, 0, 0, 0, (byte) 0xff);
        assertThat((byte[]) sql.parameters().get(1)).containsExactly(0, 0, 0, 1, 0, 0, 0, 1);
    }
}
