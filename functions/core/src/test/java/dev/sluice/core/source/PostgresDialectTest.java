package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.WatermarkConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact PostgreSQL statements; PostgresSourceIT runs the same statements against a real server. */
class PostgresDialectTest {

    private final PostgresDialect dialect = new PostgresDialect();
    private final TableRef orders = new TableRef("sales", "orders");

    @Test
    void quotesWithDoubleQuotes() {
        assertThat(dialect.qualified(new TableRef("Sales", "Order_Lines"))).isEqualTo("\"Sales\".\"Order_Lines\"");
        assertThatThrownBy(() -> dialect.quote("a\"; drop")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catalogStatementsFilterByBoundSchemaAndTableNames() {
        assertThat(dialect.columns(orders).sql()).isEqualTo("SELECT a.attname AS column_name, row_number() OVER"
                + " (ORDER BY a.attnum) AS ordinal, t.typname AS type_name, CASE WHEN t.typname = 'numeric' THEN"
                + " CASE WHEN a.atttypmod < 0 THEN -1 ELSE ((a.atttypmod - 4) >> 16) & 65535 END WHEN t.typname IN"
                + " ('varchar', 'bpchar') THEN CASE WHEN a.atttypmod < 0 THEN -1 ELSE a.atttypmod - 4 END WHEN"
                + " t.typname IN ('bit', 'varbit') THEN CASE WHEN a.atttypmod < 0 THEN -1 ELSE a.atttypmod END WHEN"
                + " t.typname IN ('timestamp', 'timestamptz', 'time', 'timetz') THEN CASE WHEN a.atttypmod < 0 THEN"
                + " 6 ELSE a.atttypmod END WHEN t.typname = 'interval' THEN CASE WHEN a.atttypmod < 0 OR"
                + " (a.atttypmod & 65535) = 65535 THEN 6 ELSE a.atttypmod & 65535 END WHEN t.typname IN ('text',"
                + " 'bytea', 'json', 'jsonb', 'xml') THEN -1 ELSE 0 END AS precision, CASE WHEN t.typname ="
                + " 'numeric' THEN CASE WHEN a.atttypmod < 0 THEN -1 ELSE (a.atttypmod - 4) & 65535 END ELSE 0 END"
                + " AS scale, NOT a.attnotnull AS nullable FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c"
                + " ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN"
                + " pg_catalog.pg_type t ON t.oid = a.atttypid WHERE n.nspname = ? AND c.relname = ? AND c.relkind"
                + " IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
        assertThat(dialect.columns(orders).parameters()).containsExactly("sales", "orders");
        assertThat(dialect.primaryKey(orders)).isEqualTo(BoundSql.of("SELECT a.attname AS column_name FROM"
                + " pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN"
                + " pg_catalog.pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL unnest(i.indkey::int2[])"
                + " WITH ORDINALITY AS k(attnum, position) JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = k.attnum WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary ORDER BY"
                + " k.position", "sales", "orders"));
        assertThat(dialect.indexes(orders)).isEqualTo(BoundSql.of("SELECT ic.relname AS index_name, a.attname AS"
                + " column_name, i.indisunique AS is_unique, i.indisclustered AS is_clustered FROM"
                + " pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN"
                + " pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_class ic ON ic.oid ="
                + " i.indexrelid CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)"
                + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE"
                + " n.nspname = ? AND c.relname = ? AND k.position <= i.indnkeyatts ORDER BY ic.relname,"
                + " k.position", "sales", "orders"));
        assertThat(dialect.sizeEstimate(orders)).isEqualTo(BoundSql.of("SELECT CASE WHEN c.reltuples < 0 THEN -1"
                + " ELSE c.reltuples::bigint END AS row_estimate, pg_catalog.pg_table_size(c.oid) AS bytes_estimate"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE"
                + " n.nspname = ? AND c.relname = ?", "sales", "orders"));
    }

    @Test
    void compositeKeysetReadUsesRowValueComparison() {
        BoundSql sql = dialect.rangeRead(orders, List.of(Projection.column("region"), Projection.column("id")),
                KeyRange.between(List.of("region", "id"), List.of(KeyValue.ofString("eu"), KeyValue.ofLong(-42)),
                        List.of(KeyValue.ofString("us"), KeyValue.ofLong(7))), true);
        assertThat(sql).isEqualTo(BoundSql.of("SELECT \"region\", \"id\" FROM \"sales\".\"orders\" WHERE"
                + " (\"region\", \"id\") > (?, ?) AND (\"region\", \"id\") <= (?, ?) ORDER BY \"region\", \"id\"",
                "eu", -42L, "us", 7L));
    }

    @Test
    void binaryCopyReadPrintsTypedBoundsAsLiteralsFromTheirParsedValues() {
        List<Projection> select = List.of(Projection.column("placed"), Projection.column("id"));
        KeyRange range = KeyRange.between(List.of("placed", "id"),
                List.of(new KeyValue(KeyValue.TIMESTAMPTZ, "2026-01-02T03:04:05.000006Z"), KeyValue.ofLong(-42)),
                List.of(new KeyValue(KeyValue.DATE, "2026-12-31"), new KeyValue(KeyValue.DECIMAL, "7.50")));
        assertThat(dialect.binaryCopyRead(orders, select, range)).contains("COPY (SELECT \"placed\", \"id\" FROM"
                + " \"sales\".\"orders\" WHERE (\"placed\", \"id\") > (TIMESTAMPTZ '2026-01-02T03:04:05.000006Z',"
                + " (-42)) AND (\"placed\", \"id\") <= (DATE '2026-12-31', (7.50)) ORDER BY \"placed\", \"id\")"
                + " TO STDOUT (FORMAT binary)");
        assertThat(dialect.binaryCopyRead(orders, select, KeyRange.all(List.of("id")))).contains("COPY (SELECT"
                + " \"placed\", \"id\" FROM \"sales\".\"orders\" WHERE \"id\" IS NOT NULL ORDER BY \"id\") TO STDOUT"
                + " (FORMAT binary)");
    }

    @Test
    void binaryCopyReadRendersNoTextBoundSoSuchChunksReadOverJdbc() {
        assertThat(dialect.binaryCopyRead(orders, List.of(Projection.column("region")),
                KeyRange.between("region", KeyValue.ofString("eu') TO PROGRAM 'x'; --"), null))).isEmpty();
    }

    @Test
    void sampleBindsPercentAndSeed() {
        assertThat(dialect.sample(orders, List.of("id"), KeyRange.wholeTable(), 2.5, 42, false)).isEqualTo(
                BoundSql.of("SELECT \"id\" FROM \"sales\".\"orders\" TABLESAMPLE BERNOULLI (?) REPEATABLE (?) WHERE"
                        + " \"id\" IS NOT NULL ORDER BY \"id\"", 2.5, 42.0));
        assertThat(dialect.sample(orders, List.of("id"), KeyRange.wholeTable(), 2.5, 42, true).sql())
                .contains("TABLESAMPLE SYSTEM (?) REPEATABLE (?)");
    }

    @Test
    void histogramCastsBoundsBackToTheColumnTypeAndSkipsMostCommonValues() {
        assertThat(dialect.histogram(orders, new SourceColumn("id", 1, "int8", 0, 0, false)).orElseThrow())
                .isEqualTo(BoundSql.of("SELECT b.bound AS bound, CAST(NULL AS float8) AS row_weight FROM"
                        + " pg_catalog.pg_stats s JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname JOIN"
                        + " pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename CROSS JOIN"
                        + " LATERAL unnest(s.histogram_bounds::text::\"int8\"[]) WITH ORDINALITY AS b(bound,"
                        + " position) WHERE s.schemaname = ? AND s.tablename = ? AND s.attname = ? AND NOT"
                        + " s.inherited AND s.most_common_vals IS NULL AND c.reltuples > 0 ORDER BY b.position",
                        "sales", "orders", "id"));
        assertThat(dialect.histogram(orders, new SourceColumn("tags", 1, "_int4", 0, 0, false))).isEmpty();
    }

    @Test
    void timestampReadingsLookAtEveryOpenTransactionOfTheDatabase() {
        SourceColumn zoned = new SourceColumn("updated_at", 2, "timestamptz", 6, 0, false);
        assertThat(dialect.readings(orders, WatermarkConfig.Type.TIMESTAMP, zoned, true)).isEqualTo(BoundSql.of(
                "SELECT clock_timestamp() AS db_now, (SELECT min(a.xact_start) FROM pg_catalog.pg_stat_activity a"
                        + " WHERE a.datname = current_database() AND a.pid <> pg_catalog.pg_backend_pid() AND"
                        + " a.backend_type = 'client backend' AND a.xact_start IS NOT NULL) AS oldest_open, NOT"
                        + " EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datname ="
                        + " current_database() AND (a.backend_type IS NULL OR a.backend_type = 'client backend')"
                        + " AND a.state IS NULL) AS activity_visible"));
        SourceColumn local = new SourceColumn("updated_at", 2, "timestamp", 6, 0, false);
        assertThat(dialect.readings(orders, WatermarkConfig.Type.TIMESTAMP, local, true).sql())
                .startsWith("SELECT clock_timestamp() AT TIME ZONE 'UTC' AS db_now, (SELECT min(a.xact_start) AT"
                        + " TIME ZONE 'UTC' FROM");
        assertThat(dialect.readings(orders, WatermarkConfig.Type.KEY, new SourceColumn("id", 1, "int8", 0, 0, false),
                true)).isEqualTo(BoundSql.of("SELECT clock_timestamp() AS db_now, (SELECT max(\"id\") FROM"
                + " \"sales\".\"orders\") AS max_key"));
        assertThat(dialect.readings(orders, WatermarkConfig.Type.FULL, null, true))
                .isEqualTo(BoundSql.of("SELECT clock_timestamp() AS db_now"));
        assertThatThrownBy(() -> dialect.readings(orders, WatermarkConfig.Type.CHANGE_TRACKING, null, true))
                .hasMessageContaining("changeTracking exists only on SQL Server");
    }

    @Test
    void isolation() {
        assertThat(dialect.isolationStatement(IsolationLevel.SNAPSHOT))
                .isEqualTo("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        assertThat(dialect.isolationStatement(IsolationLevel.READ_UNCOMMITTED))
                .isEqualTo("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
}
