package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresSourceIT {

    static EmbeddedPostgresFixture pg;
    static JdbcSource source;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.source();
        pg.execute("CREATE SCHEMA sales",
                "CREATE TABLE sales.orders (region varchar(8) NOT NULL, id bigint NOT NULL,"
                        + " amount numeric(12,2), rate numeric, note text, code char(3), flags bit(4),"
                        + " created_at timestamptz(3) NOT NULL DEFAULT now(), local_at timestamp,"
                        + " tags int4[], dropped int, PRIMARY KEY (region, id))",
                "ALTER TABLE sales.orders DROP COLUMN dropped",
                "CREATE INDEX orders_created ON sales.orders (created_at, id)",
                "INSERT INTO sales.orders (region, id, amount) SELECT 'eu', g, g FROM generate_series(1, 500) g",
                "ANALYZE sales.orders");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void describesColumnsKeysIndexesAndEstimatesFromTheCatalog() {
        SourceTable t = source.describe(new TableRef("sales", "orders"));

        assertThat(t.columns()).containsExactly(
                new SourceColumn("region", 1, "varchar", 8, 0, false),
                new SourceColumn("id", 2, "int8", 0, 0, false),
                new SourceColumn("amount", 3, "numeric", 12, 2, true),
                new SourceColumn("rate", 4, "numeric", -1, -1, true),
                new SourceColumn("note", 5, "text", -1, 0, true),
                new SourceColumn("code", 6, "bpchar", 3, 0, true),
                new SourceColumn("flags", 7, "bit", 4, 0, true),
                new SourceColumn("created_at", 8, "timestamptz", 3, 0, false),
                new SourceColumn("local_at", 9, "timestamp", 6, 0, true),
                new SourceColumn("tags", 10, "_int4", 0, 0, true));
        assertThat(t.primaryKey()).containsExactly("region", "id");
        assertThat(t.indexes()).containsExactly(
                new SourceIndex("orders_created", List.of("created_at", "id"), false, false),
                new SourceIndex("orders_pkey", List.of("region", "id"), true, false));
        assertThat(t.rowEstimate()).isEqualTo(500);
        assertThat(t.bytesEstimate()).isGreaterThanOrEqualTo(8192);
    }

    @Test
    void aMissingTableIsAClearErrorNamingIt() {
        assertThatThrownBy(() -> source.describe(new TableRef("sales", "nope")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("table sales.nope was not found in source embedded");
    }

    @Test
    void timestampReadingsSeeTheOldestOpenTransactionEvenBeforeItWrites() throws Exception {
        TableRef ref = new TableRef("sales", "orders");
        SourceColumn column = source.describe(ref).column("created_at").orElseThrow();
        SourceReadings idle = source.read(ref, WatermarkConfig.Type.TIMESTAMP, column);
        assertThat(idle.activityVisible()).isTrue();
        assertThat(idle.oldestOpenTransaction()).isNull();
        assertThat(idle.dbNow().type()).isEqualTo(KeyValue.TIMESTAMPTZ);

        try (Connection open = pg.connection(); Statement s = open.createStatement()) {
            open.setAutoCommit(false);
            var rs = s.executeQuery("SELECT now()"); // a transaction that has only read so far
            rs.next();
            KeyValue started = KeyValue.fromJdbc(rs.getObject(1, java.time.OffsetDateTime.class));
            SourceReadings busy = source.read(ref, WatermarkConfig.Type.TIMESTAMP, column);
            assertThat(busy.oldestOpenTransaction()).isEqualTo(started);
            assertThat(busy.dbNow().compareTo(started)).isPositive();

            SourceColumn local = source.describe(ref).column("local_at").orElseThrow();
            SourceReadings utc = source.read(ref, WatermarkConfig.Type.TIMESTAMP, local);
            assertThat(utc.oldestOpenTransaction()).isEqualTo(KeyValue.ofTimestamp(java.time.LocalDateTime.ofInstant(
                    java.time.Instant.parse(started.value()), java.time.ZoneOffset.UTC)));
            assertThat(utc.dbNow().type()).isEqualTo(KeyValue.TIMESTAMP);
            open.rollback();
        }
    }

    @Test
    void withoutPgReadAllStatsOtherRolesTransactionsAreHiddenAndTheReadingSaysSo() throws Exception {
        pg.execute("CREATE ROLE reader LOGIN", "GRANT USAGE ON SCHEMA sales TO reader",
                "GRANT SELECT ON ALL TABLES IN SCHEMA sales TO reader");
        // Through the production path: URL from config, login and TLS as connection properties.
        JdbcSource asReader = JdbcSource.connect(pg.sourceConfig("restricted",
                dev.sluice.core.config.IsolationLevel.READ_COMMITTED), new SourceCredentials("reader", ""));
        TableRef ref = new TableRef("sales", "orders");
        SourceColumn column = asReader.describe(ref).column("created_at").orElseThrow();
        try (Connection other = pg.connection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeQuery("SELECT 1").close();
            SourceReadings hidden = asReader.read(ref, WatermarkConfig.Type.TIMESTAMP, column);
            assertThat(hidden.activityVisible()).isFalse();
            assertThat(hidden.oldestOpenTransaction()).isNull();
            SourceReadings privileged = source.read(ref, WatermarkConfig.Type.TIMESTAMP, column);
            assertThat(privileged.activityVisible()).isTrue();
            assertThat(privileged.oldestOpenTransaction()).isNotNull();
            other.rollback();
        }
        pg.execute("GRANT pg_read_all_stats TO reader");
        try (Connection other = pg.connection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeQuery("SELECT 1").close();
            SourceReadings granted = asReader.read(ref, WatermarkConfig.Type.TIMESTAMP, column);
            assertThat(granted.activityVisible()).isTrue();
            assertThat(granted.oldestOpenTransaction()).isNotNull();
            other.rollback();
        }
    }

    @Test
    void runPlannerPlansARealTableEndToEnd() {
        pg.execute("CREATE TABLE sales.lines (id bigint PRIMARY KEY, qty int)",
                "INSERT INTO sales.lines SELECT g, g % 7 FROM generate_series(1, 3000) g", "ANALYZE sales.lines");
        var table = new dev.sluice.core.config.TableConfig("embedded", "sales.lines", List.of("id"), null, null,
                new dev.sluice.core.config.ChunkBounds(1_250, 1L << 30), null, null, null, null, null, null);
        var plan = new dev.sluice.core.plan.RunPlanner(source, source, source).plan(table,
                dev.sluice.core.config.IsolationLevel.SNAPSHOT, java.util.Optional.empty(), "fp");
        assertThat(plan.chunks()).hasSize(3);
        assertThat(plan.boundaryMethod()).contains("statistics histogram");
        long total = plan.chunks().stream().mapToLong(c -> source.count(new TableRef("sales", "lines"), c.range()))
                .sum();
        assertThat(total).isEqualTo(3000);
        assertThat(plan.chunks()).allSatisfy(c -> assertThat(source.count(new TableRef("sales", "lines"), c.range()))
                .isBetween(900L, 1100L));
    }

    @Test
    void keyReadingsTakeTheLargestCommittedKey() {
        SourceTable t = source.describe(new TableRef("sales", "orders"));
        SourceReadings r = source.read(t.ref(), WatermarkConfig.Type.KEY, t.column("id").orElseThrow());
        assertThat(r.maxKey()).isEqualTo(KeyValue.ofLong(500));
    }

    @Test
    void rowversionIsRefusedOnPostgresqlWithTheFix() {
        assertThatThrownBy(() -> source.read(new TableRef("sales", "orders"), WatermarkConfig.Type.ROWVERSION,
                null)).isInstanceOf(SourceException.class).hasMessageContaining("exists only on SQL Server");
    }

    @Test
    void histogramOfAnAnalyzedUniqueKeyIsUsedAndSortedByTheSource() {
        pg.execute("CREATE TABLE sales.items (id int PRIMARY KEY)",
                "INSERT INTO sales.items SELECT g FROM generate_series(-1000, 8999) g", "ANALYZE sales.items");
        SourceTable t = source.describe(new TableRef("sales", "items"));
        KeyDistribution d = source.distribution(t, List.of("id"), KeyRange.all(List.of("id")), 200);
        assertThat(d.method()).contains("statistics histogram");
        List<Long> keys = new ArrayList<>();
        d.points().forEach(p -> keys.add(Long.parseLong(p.key().getFirst().value())));
        assertThat(keys).isSorted();
        assertThat(keys.getFirst()).isEqualTo(-1000L);
        assertThat(keys.getLast()).isEqualTo(8999L);
        assertThat(d.estimatedRows()).isEqualTo(10_000.0, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aChunkReadStreamsTheRangeInKeyOrder() {
        TableRef ref = new TableRef("sales", "orders");
        List<Long> ids = new ArrayList<>();
        long n = source.read(ref, List.of(Projection.column("id"), Projection.of("amount", c -> c + " * 2")),
                KeyRange.between(List.of("region", "id"), List.of(KeyValue.ofString("eu"), KeyValue.ofLong(10)),
                        List.of(KeyValue.ofString("eu"), KeyValue.ofLong(20))),
                row -> {
                    ids.add(row.getLong("id"));
                    assertThat(row.getBigDecimal("amount").longValue()).isEqualTo(row.getLong("id") * 2);
                });
        assertThat(n).isEqualTo(10);
        assertThat(ids).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    }
}
