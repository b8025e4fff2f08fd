package dev.sluice.local.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A batch of source changes for incremental runs against the demo: new orders (with lines and a {@code created}
 * event), status updates that bump {@code updated_at}, and deletes of orders with their lines. Which orders and
 * what values are fixed by (dataset seed, batch number); timestamps come from the database clock, so a
 * timestamp watermark sees every insert and update of a batch as newer than anything loaded before it.
 *
 * <p>Batch sizes per {@code orders} of the scale: 0.5% inserts, 1% updates, 0.1% deletes (at least one each).
 * Deletes are invisible to {@code timestamp} watermarks by nature; they exist to test {@code full} and
 * reconciliation.
 */
public final class DemoChanges {

    private static final long CHANGES = 7;
    private static final String[] NEXT_STATUS = {"paid", "shipped", "delivered", "cancelled", "refunded"};

    private DemoChanges() {
    }

    /** What one batch did, by order id. */
    public record Summary(int batch, List<Long> inserted, List<Long> updated, List<Long> deleted) {

        public Summary {
            inserted = List.copyOf(inserted);
            updated = List.copyOf(updated);
            deleted = List.copyOf(deleted);
        }
    }

    /** Applies batch {@code batch} (1, 2, ...) in one transaction. */
    public static Summary apply(Connection connection, DemoScale scale, int batch) throws SQLException {
        if (batch < 1) {
            throw new IllegalArgumentException("change batches are numbered from 1, not " + batch);
        }
        SalesGenerator generator = new SalesGenerator(scale);
        SplittableRandom r = generator.random(CHANGES, batch);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long maxId = maxOrderId(connection);
            int inserts = (int) Math.max(1, scale.orders() / 200);
            int updates = (int) Math.max(1, scale.orders() / 100);
            int deletes = (int) Math.max(1, scale.orders() / 1000);

            TreeSet<Long> toDelete = new TreeSet<>();
            while (toDelete.size() < Math.min(deletes, maxId)) {
                toDelete.add(r.nextLong(1, maxId + 1));
            }
            TreeSet<Long> toUpdate = new TreeSet<>();
            while (toUpdate.size() < Math.min(updates, Math.max(0, maxId - toDelete.size()))) {
                long id = r.nextLong(1, maxId + 1);
                if (!toDelete.contains(id)) {
                    toUpdate.add(id);
                }
            }
            List<Long> inserted = insertOrders(connection, generator, r, maxId, inserts);
            List<Long> updated = updateOrders(connection, r, toUpdate);
            List<Long> deleted = deleteOrders(connection, toDelete);
            connection.commit();
            return new Summary(batch, inserted, updated, deleted);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static long maxOrderId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT coalesce(max(order_id), 0) FROM sales.orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> insertOrders(Connection connection, SalesGenerator generator, SplittableRandom r,
            long maxId, int count) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement order = connection.prepareStatement("""
                INSERT INTO sales.orders (order_id, customer_id, order_ts, order_date, status, channel, total_amount,
                    discount_rate, shipping_address, notes, fulfilment_time, pick_started, updated_at)
                VALUES (?, ?, clock_timestamp(), current_date, 'pending', ?, ?::numeric, 0, ?, ?, NULL, NULL,
                    clock_timestamp())""");
                PreparedStatement line = connection.prepareStatement("""
                        INSERT INTO sales.order_lines (order_id, line_no, product_id, quantity, unit_price,
                            line_amount, tax_rate, updated_at)
                        VALUES (?, ?, ?, ?, ?::numeric, ?::numeric, ?, clock_timestamp())""");
                PreparedStatement event = connection.prepareStatement("""
                        INSERT INTO sales.order_events (order_id, event_type, occurred_at, payload)
                        VALUES (?, 'created', localtimestamp, ?::jsonb)""")) {
            for (int i = 1; i <= count; i++) {
                long id = maxId + i;
                int lines = 1 + r.nextInt(4);
                long total = 0;
                for (int n = 1; n <= lines; n++) {
                    int product = generator.pickProduct(r);
                    int quantity = 1 + r.nextInt(3);
                    long price = generator.priceCents(product);
                    total += quantity * price;
                    line.setLong(1, id);
                    line.setInt(2, n);
                    line.setInt(3, product);
                    line.setShort(4, (short) quantity);
                    line.setString(5, SalesGenerator.cents(price));
                    line.setString(6, SalesGenerator.cents(quantity * price));
                    line.setDouble(7, 0.2);
                    line.addBatch();
                }
                order.setLong(1, id);
                order.setLong(2, generator.pickCustomer(r));
                order.setString(3, r.nextBoolean() ? "web" : "mobile");
                order.setString(4, SalesGenerator.cents(total));
                order.setString(5, r.nextInt(1, 999) + " Change Street");
                order.setString(6, r.nextDouble() < 0.3 ? null : "change batch note ✨");
                order.addBatch();
                event.setLong(1, id);
                event.setString(2, "{\"source\": \"demo-changes\"}");
                event.addBatch();
                ids.add(id);
            }
            order.executeBatch();
            line.executeBatch();
            event.executeBatch();
        }
        return ids;
    }

    private static List<Long> updateOrders(Connection connection, SplittableRandom r, TreeSet<Long> ids)
            throws SQLException {
        List<Long> updated = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sales.orders SET status = ?, updated_at = clock_timestamp() WHERE order_id = ?");
                PreparedStatement event = connection.prepareStatement("""
                        INSERT INTO sales.order_events (order_id, event_type, occurred_at, payload)
                        VALUES (?, ?, localtimestamp, ?::jsonb)""")) {
            for (long id : ids) {
                String status = NEXT_STATUS[r.nextInt(NEXT_STATUS.length)];
                update.setString(1, status);
                update.setLong(2, id);
                if (update.executeUpdate() == 1) {
                    updated.add(id);
                    event.setLong(1, id);
                    event.setString(2, status);
                    event.setString(3, "{\"source\": \"demo-changes\"}");
                    event.addBatch();
                }
            }
            event.executeBatch();
        }
        return updated;
    }

    private static List<Long> deleteOrders(Connection connection, TreeSet<Long> ids) throws SQLException {
        List<Long> deleted = new ArrayList<>();
        try (PreparedStatement lines = connection.prepareStatement(
                "DELETE FROM sales.order_lines WHERE order_id = ?");
                PreparedStatement order = connection.prepareStatement(
                        "DELETE FROM sales.orders WHERE order_id = ?")) {
            for (long id : ids) {
                lines.setLong(1, id);
                lines.executeUpdate();
                order.setLong(1, id);
                if (order.executeUpdate() == 1) {
                    deleted.add(id);
                }
            }
        }
        return deleted;
    }
}
