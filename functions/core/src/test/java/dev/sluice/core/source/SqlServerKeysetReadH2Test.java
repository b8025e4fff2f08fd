package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TlsMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the SQL Server dialect's keyset reads (brackets, the expanded composite comparison, NOLOCK) on H2 in
 * MSSQLServer mode, which accepts that syntax. Only row selection is checked here, never type mapping.
 */
class SqlServerKeysetReadH2Test {

    private static final String URL = "jdbc:h2:mem:keyset;MODE=MSSQLServer;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    private Connection keepAlive;
    private JdbcSource source;
    private final List<long[]> rows = new ArrayList<>();

    @BeforeEach
    void load() throws Exception {
        keepAlive = DriverManager.getConnection(URL);
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS sales");
            s.execute("DROP TABLE IF EXISTS sales.lines");
            s.execute("CREATE TABLE sales.lines (a int NOT NULL, b bigint NOT NULL, c int NOT NULL, qty int,"
                    + " PRIMARY KEY (a, b, c))");
        }
        Random random = new Random(7);
        try (PreparedStatement ps = keepAlive.prepareStatement("INSERT INTO sales.lines VALUES (?, ?, ?, ?)")) {
            for (int a = -2; a <= 2; a++) {
                for (int b = -3; b <= 3; b++) {
                    for (int c = 0; c < 4; c++) {
                        if (random.nextInt(5) == 0) {
                            continue; // gaps
                        }
                        rows.add(new long[] {a, b, c});
                        ps.setInt(1, a);
                        ps.setLong(2, b);
                        ps.setInt(3, c);
                        ps.setInt(4, a * 100 + b * 10 + c);
                        ps.addBatch();
                    }
                }
            }
            ps.executeBatch();
        }
        rows.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1])
                .thenComparingLong(r -> r[2]));
        SourceConfig config = new SourceConfig("h2", Engine.SQLSERVER, URL, null, null, 1, Duration.ofSeconds(30),
                IsolationLevel.READ_UNCOMMITTED, TlsMode.DISABLE, 100);
        source = new JdbcSource(config, new SqlServerDialect(), () -> DriverManager.getConnection(URL));
    }

    @AfterEach
    void close() throws Exception {
        keepAlive.close();
    }

    private static List<KeyValue> key(long[] r) {
        return List.of(KeyValue.ofLong(r[0]), KeyValue.ofLong(r[1]), KeyValue.ofLong(r[2]));
    }

    private List<long[]> read(List<KeyValue> lower, List<KeyValue> upper) {
        List<long[]> out = new ArrayList<>();
        source.read(new TableRef("sales", "lines"),
                List.of(Projection.column("a"), Projection.column("b"), Projection.column("c")),
                KeyRange.between(List.of("a", "b", "c"), lower, upper),
                rs -> out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}));
        return out;
    }

    @Test
    void compositeRangesSplitAtAnyBoundariesCoverEveryRowOnceInKeyOrder() {
        Random random = new Random(11);
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Integer> cuts = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                cuts.add(random.nextInt(rows.size()));
            }
            cuts = cuts.stream().distinct().sorted().toList();
            List<long[]> all = new ArrayList<>();
            List<KeyValue> lower = null;
            for (int i = 0; i <= cuts.size(); i++) {
                List<KeyValue> upper = i < cuts.size() ? key(rows.get(cuts.get(i))) : null;
                List<long[]> chunk = read(lower, upper);
                int from = lower == null ? 0 : cuts.get(i - 1) + 1;
                int to = upper == null ? rows.size() : cuts.get(i) + 1;
                assertThat(chunk).as("chunk %d of attempt %d", i, attempt)
                        .usingElementComparator(Comparator.comparing(java.util.Arrays::toString))
                        .containsExactlyElementsOf(rows.subList(from, to));
                all.addAll(chunk);
                lower = upper;
            }
            assertThat(all).hasSize(rows.size());
        }
    }

    @Test
    void nolockReachesTheSourceOnlyWhenConfigured() {
        for (IsolationLevel isolation : IsolationLevel.values()) {
            List<String> sent = new ArrayList<>();
            JdbcSource.ConnectionFactory recording = () -> {
                Connection real = DriverManager.getConnection(URL);
                return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("prepareStatement")) {
                                sent.add((String) args[0]);
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            };
            SourceConfig config = new SourceConfig("h2", Engine.SQLSERVER, URL, null, null, 1,
                    Duration.ofSeconds(30), isolation, TlsMode.DISABLE, 100);
            JdbcSource s = new JdbcSource(config, new SqlServerDialect(), recording);
            long n = s.read(new TableRef("sales", "lines"), List.of(Projection.column("a")),
                    KeyRange.all(List.of("a", "b", "c")), rs -> { });
            assertThat(n).isEqualTo(rows.size());
            assertThat(sent).singleElement().asString().contains(
                    isolation == IsolationLevel.READ_UNCOMMITTED ? "WITH (NOLOCK)" : "FROM [sales].[lines] WHERE");
            if (isolation != IsolationLevel.READ_UNCOMMITTED) {
                assertThat(sent.getFirst()).doesNotContain("NOLOCK");
            }
        }
    }

    @Test
    void boundsBetweenExistingKeysStillSelectExactlyTheRowsInBetween() {
        // (0, 9, 9] .. (1, -9, -9]: every row with a = 0 is above the lower bound? No: (0,9,9) is above all a = 0
        // rows, and (1,-9,-9) is below all a = 1 rows, so this range is empty.
        assertThat(read(List.of(KeyValue.ofLong(0), KeyValue.ofLong(9), KeyValue.ofLong(9)),
                List.of(KeyValue.ofLong(1), KeyValue.ofLong(-9), KeyValue.ofLong(-9)))).isEmpty();
        List<long[]> aZero = read(List.of(KeyValue.ofLong(-1), KeyValue.ofLong(9), KeyValue.ofLong(9)),
                List.of(KeyValue.ofLong(0), KeyValue.ofLong(9), KeyValue.ofLong(9)));
        assertThat(aZero).isNotEmpty().allSatisfy(r -> assertThat(r[0]).isZero());
        assertThat(aZero).hasSize((int) rows.stream().filter(r -> r[0] == 0).count());
    }
}
