package dev.sluice.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Change batches against a loaded demo dataset: deterministic choices, visible to a timestamp watermark. */
class DemoChangesIT {

    private static final DemoScale SCALE = new DemoScale(2_000, 11);
    private static DemoDatabase demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoDatabase.openTemporary(SCALE);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aBatchInsertsUpdatesAndDeletesAndBumpsUpdatedAtPastTheLoadedData() throws Exception {
        DemoChanges.Summary summary;
        long eventsBefore;
        try (Connection c = DriverManager.getConnection(newDatabase("changes_a"))) {
            eventsBefore = queryLong(c, "SELECT count(*) FROM sales.order_events");
            summary = DemoChanges.apply(c, SCALE, 1);

            assertThat(summary.inserted()).containsExactly(2_001L, 2_002L, 2_003L, 2_004L, 2_005L, 2_006L, 2_007L,
                    2_008L, 2_009L, 2_010L);
            assertThat(summary.updated()).hasSize(20).doesNotContainAnyElementsOf(summary.deleted());
            assertThat(summary.deleted()).hasSize(2);
            assertThat(queryLong(c, "SELECT count(*) FROM sales.orders")).isEqualTo(2_000 + 10 - 2);
            assertThat(queryLong(c, "SELECT count(*) FROM sales.orders WHERE updated_at > timestamptz "
                    + "'2026-09-30 00:00Z'")).isEqualTo(10 + 20);
            assertThat(queryLong(c, "SELECT count(*) FROM sales.order_lines WHERE order_id IN ("
                    + join(summary.deleted()) + ")")).isZero();
            assertThat(queryLong(c, "SELECT count(*) FROM sales.order_lines WHERE order_id > 2000"))
                    .isBetween(10L, 40L);
            assertThat(queryLong(c, "SELECT count(*) FROM sales.order_events")).isEqualTo(eventsBefore + 10 + 20);
            assertThat(queryLong(c, "SELECT count(*) FROM sales.orders o WHERE order_id > 2000 AND total_amount <> "
                    + "(SELECT sum(line_amount) FROM sales.order_lines l WHERE l.order_id = o.order_id)")).isZero();

            DemoChanges.Summary second = DemoChanges.apply(c, SCALE, 2);
            assertThat(second.inserted()).first().isEqualTo(2_011L);
            assertThat(second.updated()).isNotEqualTo(summary.updated());
        }
        try (Connection c = DriverManager.getConnection(newDatabase("changes_b"))) {
            DemoChanges.Summary again = DemoChanges.apply(c, SCALE, 1);
            assertThat(again).isEqualTo(summary);
        }
        try (Connection c = demo.connect()) {
            assertThatThrownBy(() -> DemoChanges.apply(c, SCALE, 0)).hasMessageContaining("numbered from 1");
        }
    }

    private static String newDatabase(String name) throws SQLException {
        try (Connection c = demo.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        try (Connection c = DriverManager.getConnection(demo.jdbcUrl(name))) {
            DemoDataset.load(c, SCALE);
        }
        return demo.jdbcUrl(name);
    }

    private static String join(java.util.List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
