package dev.sluice.local.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The demo sales dataset in schema {@code sales}: customers, products, orders, order lines and order events,
 * generated deterministically from a {@link DemoScale} and bulk loaded with {@code COPY}. The schema is the one
 * {@code config/demo.yaml} is written against; do not change it without changing that file.
 */
public final class DemoDataset {

    /** Bumped whenever generated values change, so an older loaded dataset is regenerated. */
    static final int GENERATOR_VERSION = 1;

    public static final String SCHEMA = "sales";

    /** The tables in load order, each with the columns its digest orders rows by. */
    public static final Map<String, String> TABLES_AND_KEYS = tablesAndKeys();

    private static final Pattern LABEL = Pattern.compile(
            "sluice demo dataset v(\\d+) orders=(\\d+) seed=(-?\\d+)");

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE sales.customers (
                customer_id bigint PRIMARY KEY,
                email varchar(254),
                full_name varchar(200),
                country char(2),
                segment varchar(20),
                credit_limit numeric(12,2),
                tags text[],
                preferences jsonb,
                external_ref uuid,
                is_active boolean,
                created_at timestamptz,
                updated_at timestamptz NOT NULL)""",
            """
            CREATE TABLE sales.products (
                product_id integer PRIMARY KEY,
                sku varchar(32) UNIQUE,
                name varchar(200),
                category varchar(40),
                unit_price numeric(10,2),
                cost_basis numeric,
                weight_kg real,
                attributes json,
                thumbnail bytea,
                discontinued boolean,
                launched_on date,
                updated_at timestamptz)""",
            """
            CREATE TABLE sales.orders (
                order_id bigint PRIMARY KEY,
                customer_id bigint,
                order_ts timestamptz,
                order_date date,
                status varchar(16),
                channel varchar(16),
                total_amount numeric(14,2),
                discount_rate numeric(5,4),
                shipping_address varchar(500),
                notes text,
                fulfilment_time interval,
                pick_started time,
                updated_at timestamptz NOT NULL)""",
            """
            CREATE TABLE sales.order_lines (
                order_id bigint,
                line_no integer,
                product_id integer,
                quantity smallint,
                unit_price numeric(10,2),
                line_amount numeric(14,2),
                tax_rate double precision,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (order_id, line_no))""",
            """
            CREATE TABLE sales.order_events (
                event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                order_id bigint,
                event_type varchar(32),
                occurred_at timestamp,
                payload jsonb)""");

    private static final List<String> SECONDARY_INDEXES = List.of(
            "CREATE INDEX orders_updated_at_idx ON sales.orders (updated_at)",
            "CREATE INDEX orders_customer_id_idx ON sales.orders (customer_id)");

    private DemoDataset() {
    }

    private static Map<String, String> tablesAndKeys() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("customers", "customer_id");
        tables.put("products", "product_id");
        tables.put("orders", "order_id");
        tables.put("order_lines", "order_id, line_no");
        tables.put("order_events", "event_id");
        return java.util.Collections.unmodifiableMap(tables);
    }

    /** Rows loaded per table, in load order. */
    public record LoadReport(DemoScale scale, Map<String, Long> rows, long millis) {

        public LoadReport {
            rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }

        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Replaces schema {@code sales} with a freshly generated dataset of {@code scale}, then analyzes it so the
     * catalog's row and size estimates exist. Runs in one transaction: a failed load leaves the previous state.
     */
    public static LoadReport load(Connection connection, DemoScale scale) throws SQLException {
        long started = System.nanoTime();
        SalesGenerator generator = new SalesGenerator(scale);
        Map<String, Long> rows = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS sales CASCADE");
            statement.execute("CREATE SCHEMA sales");
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            rows.put("customers", copyInto(copy, "customers (customer_id, email, full_name, country, segment, "
                    + "credit_limit, tags, preferences, external_ref, is_active, created_at, updated_at)", out -> {
                        for (long id = 1; id <= scale.customers(); id++) {
                            generator.customer(id, out);
                        }
                    }));
            rows.put("products", copyInto(copy, "products (product_id, sku, name, category, unit_price, cost_basis, "
                    + "weight_kg, attributes, thumbnail, discontinued, launched_on, updated_at)", out -> {
                        for (int id = 1; id <= scale.products(); id++) {
                            generator.product(id, out);
                        }
                    }));
            rows.put("orders", copyInto(copy, "orders (order_id, customer_id, order_ts, order_date, status, "
                    + "channel, total_amount, discount_rate, shipping_address, notes, fulfilment_time, pick_started, "
                    + "updated_at)", out -> {
                        for (long id = 1; id <= scale.orders(); id++) {
                            generator.order(generator.draft(id), out);
                        }
                    }));
            rows.put("order_lines", copyInto(copy, "order_lines (order_id, line_no, product_id, quantity, "
                    + "unit_price, line_amount, tax_rate, updated_at)", out -> {
                        for (long id = 1; id <= scale.orders(); id++) {
                            generator.orderLines(generator.draft(id), out);
                        }
                    }));
            rows.put("order_events", copyInto(copy, "order_events (order_id, event_type, occurred_at, payload)",
                    out -> {
                        for (long id = 1; id <= scale.orders(); id++) {
                            generator.orderEvents(generator.draft(id), out);
                        }
                    }));
            for (String index : SECONDARY_INDEXES) {
                statement.execute(index);
            }
            statement.execute("COMMENT ON SCHEMA sales IS '" + scale.label() + "'");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        analyze(connection);
        return new LoadReport(scale, rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** VACUUM ANALYZE every demo table: statistics for the planner, visibility for index-only scans. */
    static void analyze(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES_AND_KEYS.keySet()) {
                statement.execute("VACUUM (ANALYZE) sales." + table);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The scale of the dataset loaded in this database, if a current-version one is there. */
    public static Optional<DemoScale> loadedScale(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT obj_description(oid, 'pg_namespace') "
                        + "FROM pg_namespace WHERE nspname = 'sales'")) {
            if (!rs.next() || rs.getString(1) == null) {
                return Optional.empty();
            }
            Matcher m = LABEL.matcher(rs.getString(1));
            if (!m.matches() || Integer.parseInt(m.group(1)) != GENERATOR_VERSION) {
                return Optional.empty();
            }
            return Optional.of(new DemoScale(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        }
    }

    /**
     * A digest of the rows as they are stored: per table, the MD5 of the MD5s of each row's text form in key
     * order; then one SHA-256 over the tables. Equal digests mean equal data, value for value.
     */
    public static Digest digest(Connection connection) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : TABLES_AND_KEYS.entrySet()) {
                try (ResultSet rs = statement.executeQuery("SELECT coalesce(md5(string_agg(md5(t::text), '' "
                        + "ORDER BY " + table.getValue() + ")), '') FROM sales." + table.getKey() + " t")) {
                    rs.next();
                    tables.put(table.getKey(), rs.getString(1));
                }
            }
        }
        return new Digest(tables);
    }

    /** Per-table content digests and their combination. */
    public record Digest(Map<String, String> tables) {

        public Digest {
            tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }

        public String combined() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                tables.forEach((table, md5) -> sha.update((table + "=" + md5 + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
                return HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    @FunctionalInterface
    private interface RowSource {
        void writeTo(CopyTextRows out) throws SQLException;
    }

    private static long copyInto(CopyManager copy, String tableAndColumns, RowSource source) throws SQLException {
        try (CopyTextRows out = new CopyTextRows(copy.copyIn("COPY sales." + tableAndColumns + " FROM STDIN"))) {
            source.writeTo(out);
            return out.finish();
        }
    }
}
