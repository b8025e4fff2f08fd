package dev.sluice.core.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.WatermarkConfig;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.KeyRange;
import dev.sluice.core.source.KeyValue;
import dev.sluice.core.source.Projection;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceReadings;
import dev.sluice.core.source.TableRef;
import dev.sluice.core.testing.EmbeddedPostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timestamp watermarks against real PostgreSQL transactions: a row committed late with an early timestamp, and
 * ten thousand rows tied on the boundary timestamp.
 */
class TimestampWatermarkIT {

    static EmbeddedPostgresFixture pg;
    static JdbcSource source;

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresFixture.start();
        source = pg.source();
        pg.execute("CREATE SCHEMA wm");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    /** One incremental run: compute the window, read its rows, and commit it. */
    record Run(WatermarkWindow window, List<String> payloads, Watermark committed) {
    }

    static Run run(TableRef table, WatermarkConfig config, Optional<Watermark> committed) {
        SourceColumn column = source.describe(table).column(config.column()).orElseThrow();
        SourceReadings readings = source.read(table, config.type(), column);
        WatermarkWindow window = WatermarkWindows.next(table.toString(), config, column, committed, readings);
        List<String> payloads = new ArrayList<>();
        if (!window.empty()) {
            source.read(table, List.of(Projection.column("payload")), window.range(),
                    rs -> payloads.add(rs.getString("payload")));
        }
        Watermark next = window.empty() ? committed.orElse(null)
                : Watermark.committed(window, "r" + payloads.size(), Instant.now());
        return new Run(window, payloads, next);
    }

    /** The naive cursor the guard test keeps: rows after the largest timestamp seen so far. */
    static final class NaiveMaxWatermark {
        OffsetDateTime last;

        List<String> run(String table) throws Exception {
            List<String> payloads = new ArrayList<>();
            try (Connection c = pg.connection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT payload, updated_at FROM " + table + " WHERE CAST(? AS timestamptz) IS NULL OR updated_at > CAST(? AS timestamptz)"
                            + " ORDER BY updated_at")) {
                ps.setObject(1, last);
                ps.setObject(2, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        payloads.add(rs.getString(1));
                        last = rs.getObject(2, OffsetDateTime.class);
                    }
                }
            }
            return payloads;
        }
    }

    @Test
    void aRowCommittedLateWithAnEarlyTimestampFallsInsideALaterWindow() throws Exception {
        pg.execute("CREATE TABLE wm.events (id bigserial PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " payload text NOT NULL)",
                "CREATE INDEX ON wm.events (updated_at)",
                "INSERT INTO wm.events (updated_at, payload) VALUES (now() - interval '1 hour', 'old')");
        TableRef table = new TableRef("wm", "events");
        WatermarkConfig config = new WatermarkConfig(Type.TIMESTAMP, "updated_at", Duration.ZERO, Duration.ZERO);
        NaiveMaxWatermark naive = new NaiveMaxWatermark();

        Run first;
        List<String> naiveFirst;
        try (Connection t1 = pg.connection(); Statement s1 = t1.createStatement()) {
            t1.setAutoCommit(false);
            s1.execute("INSERT INTO wm.events (payload) VALUES ('late')"); // updated_at = now() = T1's start, t0
            pg.execute("INSERT INTO wm.events (payload) VALUES ('after')"); // T2 commits at t0 + something

            first = run(table, config, Optional.empty());
            naiveFirst = naive.run("wm.events");
            t1.commit();
        }
        assertThat(first.window().boundedBy()).isEqualTo("open transaction");
        assertThat(first.payloads()).containsExactly("old");
        assertThat(naiveFirst).containsExactly("old", "after");

        Run second = run(table, config, Optional.of(first.committed()));
        List<String> naiveSecond = naive.run("wm.events");

        assertThat(second.payloads()).containsExactlyInAnyOrder("late", "after");
        // The guard: a max(updated_at) cursor passed over T1's row for good.
        assertThat(naiveSecond).doesNotContain("late").isEmpty();
    }

    @Test
    void tenThousandRowsTiedOnTheBoundaryTimestampAreNeverMissedAndLookbackRereadsAreBounded() throws Exception {
        pg.execute("CREATE TABLE wm.ties (id bigserial PRIMARY KEY, updated_at timestamptz NOT NULL,"
                + " payload text NOT NULL)", "CREATE INDEX ON wm.ties (updated_at)");
        TableRef table = new TableRef("wm", "ties");
        Duration lookback = Duration.ofSeconds(1);
        WatermarkConfig config = new WatermarkConfig(Type.TIMESTAMP, "updated_at", lookback, Duration.ZERO);

        Run first;
        try (Connection t1 = pg.connection(); Statement s1 = t1.createStatement()) {
            t1.setAutoCommit(false);
            ResultSet start = s1.executeQuery("SELECT now()");
            start.next();
            OffsetDateTime t0 = start.getObject(1, OffsetDateTime.class);
            // T1: 5,000 rows stamped with its own start, t0, still uncommitted.
            s1.execute("INSERT INTO wm.ties (updated_at, payload) SELECT now(), 'tie-open-' || g"
                    + " FROM generate_series(1, 5000) g");
            // T2: 5,000 rows stamped exactly t0, committed; 30 rows inside the lookback before t0, 20 well before.
            try (Connection t2 = pg.connection(); PreparedStatement ps = t2.prepareStatement(
                    "INSERT INTO wm.ties (updated_at, payload) SELECT ?, ? || g FROM generate_series(1, ?) g")) {
                insert(ps, t0, "tie-committed-", 5000);
                insert(ps, t0.minusNanos(500_000_000), "near-", 30);
                insert(ps, t0.minusSeconds(2), "early-", 20);
            }
            first = run(table, config, Optional.empty());
            t1.commit();
        }
        assertThat(first.window().boundedBy()).isEqualTo("open transaction");
        assertThat(first.payloads()).hasSize(50).allMatch(p -> p.startsWith("near-") || p.startsWith("early-"));

        Run second = run(table, config, Optional.of(first.committed()));
        Map<String, Integer> byKind = new HashMap<>();
        second.payloads().forEach(p -> byKind.merge(p.substring(0, p.lastIndexOf('-')), 1, Integer::sum));
        assertThat(byKind).containsEntry("tie-open", 5000).containsEntry("tie-committed", 5000)
                // Re-read by the 1 s lookback: exactly the rows within 1 s below the first run's high, no more.
                .containsEntry("near", 30).doesNotContainKey("early");
        assertThat(second.window().lowerExclusive())
                .isEqualTo(KeyValue.ofInstant(Instant.parse(first.window().upperInclusive().value()).minus(lookback)));
        // Every row of the table was read at least once across the two runs.
        long all = pg.queryLong("SELECT count(*) FROM wm.ties");
        assertThat(all).isEqualTo(10_050);
        assertThat(first.payloads().size() + second.payloads().size() - 30).isEqualTo(all);
        assertThat(source.count(table, KeyRange.between("updated_at", null, second.window().upperInclusive())))
                .isEqualTo(all);
    }

    private static void insert(PreparedStatement ps, OffsetDateTime at, String prefix, int n) throws Exception {
        ps.setObject(1, at);
        ps.setString(2, prefix);
        ps.setInt(3, n);
        ps.executeUpdate();
    }
}
