package dev.sluice.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo dataset as loaded into a real (embedded) PostgreSQL: shape, determinism, skew, NULLs, odd values. */
class DemoDatasetIT {

    private static final DemoScale SCALE = new DemoScale(2_000, 7);
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
    void sameSeedLoadsIdenticalRowsAndAnotherSeedDoesNot() throws Exception {
        DemoDataset.Digest original;
        try (Connection c = demo.connect()) {
            original = DemoDataset.digest(c);
        }
        DemoDataset.Digest again = loadInNewDatabase("digest_same", SCALE);
        DemoDataset.Digest otherSeed = loadInNewDatabase("digest_other", new DemoScale(2_000, 8));

        assertThat(again.tables()).isEqualTo(original.tables());
        assertThat(again.combined()).isEqualTo(original.combined());
        assertThat(otherSeed.combined()).isNotEqualTo(original.combined());
        original.tables().forEach((table, md5) ->
                assertThat(otherSeed.tables().get(table)).as(table).isNotEqualTo(md5));
    }

    @Test
    void rowCountsFollowTheScale() throws Exception {
        assertThat(demo.load()).isPresent();
        Map<String, Long> loaded = demo.load().orElseThrow().rows();
        assertThat(count("customers")).isEqualTo(200).isEqualTo(loaded.get("customers"));
        assertThat(count("products")).isEqualTo(50).isEqualTo(loaded.get("products"));
        assertThat(count("orders")).isEqualTo(2_000).isEqualTo(loaded.get("orders"));
        long lines = count("order_lines");
        assertThat(lines).isEqualTo(loaded.get("order_lines")).isBetween(2L * 2_000, 3L * 2_000);
        assertThat(count("order_events")).isEqualTo(loaded.get("order_events")).isBetween(2_000L * 3, 2_000L * 5);
        assertThat(queryLong("SELECT max(n) FROM (SELECT count(*) n FROM sales.order_lines GROUP BY order_id) x"))
                .isEqualTo(8);
        assertThat(queryLong("SELECT min(n) FROM (SELECT count(*) n FROM sales.order_lines GROUP BY order_id) x"))
                .isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM sales.orders o WHERE NOT EXISTS "
                + "(SELECT 1 FROM sales.order_lines l WHERE l.order_id = o.order_id)")).isZero();
        assertThat(new DemoScale(200_000, 1).customers()).isEqualTo(20_000);
        assertThat(new DemoScale(200_000, 1).products()).isEqualTo(1_000);
    }

    @Test
    void schemaIsExactlyTheOneTheDemoConfigIsWrittenAgainst() throws Exception {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("customers", List.of("customer_id bigint NO", "email character varying(254) YES",
                "full_name character varying(200) YES", "country character(2) YES",
                "segment character varying(20) YES", "credit_limit numeric(12,2) YES", "tags ARRAY YES",
                "preferences jsonb YES", "external_ref uuid YES", "is_active boolean YES",
                "created_at timestamp with time zone YES", "updated_at timestamp with time zone NO"));
        expected.put("products", List.of("product_id integer NO", "sku character varying(32) YES",
                "name character varying(200) YES", "category character varying(40) YES",
                "unit_price numeric(10,2) YES", "cost_basis numeric YES", "weight_kg real YES",
                "attributes json YES", "thumbnail bytea YES", "discontinued boolean YES", "launched_on date YES",
                "updated_at timestamp with time zone YES"));
        expected.put("orders", List.of("order_id bigint NO", "customer_id bigint YES",
                "order_ts timestamp with time zone YES", "order_date date YES",
                "status character varying(16) YES", "channel character varying(16) YES",
                "total_amount numeric(14,2) YES", "discount_rate numeric(5,4) YES",
                "shipping_address character varying(500) YES", "notes text YES", "fulfilment_time interval YES",
                "pick_started time without time zone YES", "updated_at timestamp with time zone NO"));
        expected.put("order_lines", List.of("order_id bigint NO", "line_no integer NO", "product_id integer YES",
                "quantity smallint YES", "unit_price numeric(10,2) YES", "line_amount numeric(14,2) YES",
                "tax_rate double precision YES", "updated_at timestamp with time zone NO"));
        expected.put("order_events", List.of("event_id bigint NO", "order_id bigint YES",
                "event_type character varying(32) YES", "occurred_at timestamp without time zone YES",
                "payload jsonb YES"));

        Map<String, List<String>> actual = new LinkedHashMap<>();
        try (Connection c = demo.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision,
                               numeric_scale, is_nullable
                        FROM information_schema.columns WHERE table_schema = 'sales'
                        ORDER BY array_position(ARRAY['customers','products','orders','order_lines','order_events'],
                                 table_name::text), ordinal_position""")) {
            while (rs.next()) {
                String type = rs.getString(3);
                if (rs.getObject(4) != null) {
                    type += "(" + rs.getInt(4) + ")";
                } else if (type.equals("numeric") && rs.getObject(5) != null) {
                    type += "(" + rs.getInt(5) + "," + rs.getInt(6) + ")";
                }
                actual.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2) + " " + type + " " + rs.getString(7));
            }
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(queryString("SELECT udt_name FROM information_schema.columns WHERE table_schema = 'sales' "
                + "AND column_name = 'tags'")).isEqualTo("_text");

        assertThat(queryString("""
                SELECT string_agg(tc.table_name || ':' || tc.constraint_type || '(' || cols || ')', ' '
                                  ORDER BY tc.table_name, tc.constraint_type)
                FROM information_schema.table_constraints tc
                JOIN LATERAL (SELECT string_agg(k.column_name, ',' ORDER BY k.ordinal_position) cols
                              FROM information_schema.key_column_usage k
                              WHERE k.constraint_name = tc.constraint_name
                                AND k.table_schema = tc.table_schema) k ON true
                WHERE tc.table_schema = 'sales' AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')""")).isEqualTo(
                "customers:PRIMARY KEY(customer_id) order_events:PRIMARY KEY(event_id) "
                        + "order_lines:PRIMARY KEY(order_id,line_no) orders:PRIMARY KEY(order_id) "
                        + "products:PRIMARY KEY(product_id) products:UNIQUE(sku)");
        assertThat(queryString("SELECT is_identity || ' ' || identity_generation FROM information_schema.columns "
                + "WHERE table_schema = 'sales' AND table_name = 'order_events' AND column_name = 'event_id'"))
                .isEqualTo("YES ALWAYS");
        assertThat(queryString("""
                SELECT string_agg(indexdef, ' | ' ORDER BY indexname) FROM pg_indexes
                WHERE schemaname = 'sales' AND tablename = 'orders' AND indexname NOT LIKE '%pkey'"""))
                .isEqualTo("CREATE INDEX orders_customer_id_idx ON sales.orders USING btree (customer_id) | "
                        + "CREATE INDEX orders_updated_at_idx ON sales.orders USING btree (updated_at)");
    }

    @Test
    void optionalColumnsAreSometimesNullButNotMostly() throws Exception {
        Map<String, List<String>> optional = Map.of(
                "customers", List.of("email", "full_name", "country", "segment", "credit_limit", "tags",
                        "preferences", "external_ref", "created_at"),
                "products", List.of("name", "category", "cost_basis", "weight_kg", "attributes", "thumbnail",
                        "launched_on", "updated_at"),
                "orders", List.of("channel", "discount_rate", "shipping_address", "notes", "pick_started"),
                "order_lines", List.of("tax_rate"),
                "order_events", List.of("payload"));
        for (var table : optional.entrySet()) {
            for (String column : table.getValue()) {
                double ratio = queryDouble("SELECT avg(CASE WHEN " + column + " IS NULL THEN 1.0 ELSE 0 END) "
                        + "FROM sales." + table.getKey());
                assertThat(ratio).as(table.getKey() + "." + column).isBetween(0.005, 0.30);
            }
        }
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE updated_at IS NULL")).isZero();
        assertThat(queryLong("SELECT count(*) FROM sales.customers WHERE email = ''")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.customers WHERE email IS NULL")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE notes = ''")).isPositive();
    }

    @Test
    void ordersAreSkewedTowardsFewCustomersRecentMonthsAndPopularProducts() throws Exception {
        double topCustomersShare = queryDouble("""
                SELECT sum(n)::float8 / (SELECT count(*) FROM sales.orders) FROM (
                  SELECT count(*) n FROM sales.orders GROUP BY customer_id ORDER BY n DESC
                  LIMIT (SELECT greatest(1, count(*) / 100) FROM sales.customers)) top""");
        assertThat(topCustomersShare).as("orders held by the top 1% of customers").isGreaterThan(0.08);

        double lastQuarterShare = queryDouble("SELECT avg(CASE WHEN order_ts > timestamptz '2026-07-02 00:00Z' "
                + "THEN 1.0 ELSE 0 END) FROM sales.orders");
        assertThat(lastQuarterShare).as("orders in the last 90 of 1,095 days").isGreaterThan(0.30);
        assertThat(queryString("SELECT max(order_ts) <= timestamptz '2026-09-30 00:00Z' "
                + "AND min(order_ts) >= timestamptz '2023-09-30 00:00Z' FROM sales.orders")).isEqualTo("t");

        double topProductsShare = queryDouble("""
                SELECT sum(n)::float8 / (SELECT count(*) FROM sales.order_lines) FROM (
                  SELECT count(*) n FROM sales.order_lines GROUP BY product_id ORDER BY n DESC LIMIT 5) top""");
        assertThat(topProductsShare).as("lines of the top 10% of products").isGreaterThan(0.30);
        assertThat(queryLong("SELECT count(*) FROM sales.orders "
                + "WHERE order_date <> (order_ts AT TIME ZONE 'UTC')::date"))
                .isZero();
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE updated_at < order_ts")).isZero();
    }

    @Test
    void nastyButValidValuesArePresent() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = demo.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT full_name FROM sales.customers WHERE full_name IS NOT NULL")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        assertThat(names).anyMatch(n -> n.codePoints().anyMatch(cp -> cp > 0xFFFF));
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE total_amount < 0 AND status = 'refunded'"))
                .isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE total_amount < 0 AND status <> 'refunded'"))
                .isZero();
        assertThat(queryLong("SELECT max(length(regexp_replace(cost_basis::text, '[^0-9]', '', 'g'))) "
                + "FROM sales.products")).isGreaterThan(38);
        assertThat(queryLong("SELECT max(length(notes)) FROM sales.orders")).isGreaterThan(50_000);
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE position(E'\\n' IN notes) > 0")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.orders WHERE position(E'\\\\' IN notes) > 0")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.products WHERE octet_length(thumbnail) = 0")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.products "
                + "WHERE attributes::text LIKE '%\"color\": \"red\",   \"color\"%'"))
                .isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.customers WHERE tags = '{}'")).isPositive();
        assertThat(queryLong("SELECT count(*) FROM sales.customers WHERE 'said \"hi\"' = ANY(tags)")).isPositive();
    }

    @Test
    void statisticsExistAfterLoading() throws Exception {
        assertThat(queryLong("SELECT reltuples::bigint FROM pg_class WHERE oid = 'sales.orders'::regclass"))
                .isEqualTo(2_000);
        assertThat(queryLong("SELECT count(*) FROM pg_stats WHERE schemaname = 'sales' AND tablename = 'orders'"))
                .isEqualTo(13);
    }

    @Test
    void aPersistentDirectoryIsGeneratedOnceAndRegeneratedForAnotherScale(@TempDir Path dir) throws Exception {
        String digest;
        try (DemoDatabase first = DemoDatabase.open(dir.resolve("pg"), new DemoScale(300, 3))) {
            assertThat(first.load()).isPresent();
            try (Connection c = first.connect()) {
                digest = DemoDataset.digest(c).combined();
            }
        }
        try (DemoDatabase second = DemoDatabase.open(dir.resolve("pg"), new DemoScale(300, 3))) {
            assertThat(second.load()).as("reused, not regenerated").isEmpty();
            try (Connection c = second.connect()) {
                assertThat(DemoDataset.digest(c).combined()).isEqualTo(digest);
            }
        }
        try (DemoDatabase third = DemoDatabase.open(dir.resolve("pg"), new DemoScale(400, 3))) {
            assertThat(third.load()).isPresent();
            try (Connection c = third.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM sales.orders")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(400);
            }
        }
    }

    private static DemoDataset.Digest loadInNewDatabase(String name, DemoScale scale) throws SQLException {
        try (Connection c = demo.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        try (Connection c = DriverManager.getConnection(demo.jdbcUrl(name))) {
            DemoDataset.load(c, scale);
            return DemoDataset.digest(c);
        }
    }

    private static long count(String table) throws SQLException {
        return queryLong("SELECT count(*) FROM sales." + table);
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection c = demo.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double queryDouble(String sql) throws SQLException {
        try (Connection c = demo.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static String queryString(String sql) throws SQLException {
        try (Connection c = demo.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
