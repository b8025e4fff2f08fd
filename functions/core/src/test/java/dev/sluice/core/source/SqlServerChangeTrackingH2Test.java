package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the SQL Server dialect's change tracking read, as text, on H2 in MSSQLServer mode (brackets, the derived
 * table, the join that skips deletes, the version bound, the key order), with one substitution: H2 has no
 * {@code CHANGETABLE}, so {@code CHANGETABLE(CHANGES [sales].[orders], ?)} is replaced by {@link ChangeTableStandIn}'s
 * expression over a change log this test writes. What CHANGETABLE itself returns (one row per key, the latest
 * version, the net operation) is therefore an emulation; everything Sluice adds around it runs for real.
 */
class SqlServerChangeTrackingH2Test {

    private static final String URL = "jdbc:h2:mem:ct;MODE=MSSQLServer;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    private static final TableRef ORDERS = new TableRef("sales", "orders");
    private final ChangeTableStandIn changes = new ChangeTableStandIn("ct", List.of("region varchar(8)", "id int"));
    private Connection c;

    @BeforeEach
    void load() throws Exception {
        c = DriverManager.getConnection(URL);
        try (Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.orders (region varchar(8) NOT NULL, id int NOT NULL, name varchar(20)"
                    + " NOT NULL, amount decimal(10, 2), PRIMARY KEY (region, id))");
        }
        changes.install(c);
        // version 1: the rows the first run's full load read (its captured version is 1)
        for (Object[] row : List.of(new Object[] {"eu", 1, "ann", "10.00"}, new Object[] {"eu", 2, "bob", "20.00"},
                new Object[] {"us", 1, "cy", null}, new Object[] {"us", 3, "dee", "30.00"})) {
            exec("INSERT INTO sales.orders VALUES (?, ?, ?, CAST(? AS decimal(10, 2)))", row);
            changes.log(c, 1, 'I', row[0], row[1]);
        }
        exec("UPDATE sales.orders SET name = 'ann2', amount = 11.50 WHERE region = 'eu' AND id = 1");
        changes.log(c, 2, 'U', "eu", 1);
        exec("UPDATE sales.orders SET amount = 31.00 WHERE region = 'us' AND id = 3");
        changes.log(c, 3, 'U', "us", 3);
        exec("DELETE FROM sales.orders WHERE region = 'eu' AND id = 2");
        changes.log(c, 3, 'D', "eu", 2);
        exec("INSERT INTO sales.orders VALUES ('us', 5, 'eve', 50.00)");
        changes.log(c, 4, 'I', "us", 5);
        exec("INSERT INTO sales.orders VALUES ('eu', 9, 'fay', 90.00)");
        changes.log(c, 5, 'I', "eu", 9);
        exec("DELETE FROM sales.orders WHERE region = 'eu' AND id = 9");
        changes.log(c, 6, 'D', "eu", 9);
        // after the captured version 6: us/1 changes for the first time, us/3 for the second
        exec("UPDATE sales.orders SET name = 'cy2' WHERE region = 'us' AND id = 1");
        changes.log(c, 7, 'U', "us", 1);
        exec("UPDATE sales.orders SET amount = 32.00 WHERE region = 'us' AND id = 3");
        changes.log(c, 7, 'U', "us", 3);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void aWindowReadsEachKeyOnceWithItsNetOperationAndLeavesLaterChangesToTheNextWindow() throws Exception {
        assertThat(read(1, 6)).containsExactly(
                "eu|1|ann2|11.50|U",
                "eu|2|null|null|D",   // a delete carries its key and NULLs
                "eu|9|null|null|D",   // inserted and deleted inside the window
                "us|5|eve|50.00|I");
        // us/1 and us/3 last changed at 7, after the captured version: the next window has them, with current values
        assertThat(read(6, 7)).containsExactly("us|1|cy2|null|U", "us|3|dee|32.00|U");
        // reading the whole span at once gives the same keys: nothing lost, nothing read by two windows
        assertThat(read(1, 7)).extracting(r -> r.substring(0, r.indexOf('|', 3)))
                .containsExactly("eu|1", "eu|2", "eu|9", "us|1", "us|3", "us|5");
        assertThat(read(7, 7)).isEmpty();
    }

    @Test
    void aDeleteNeverTakesValuesAndAnInsertWhoseRowIsGoneWaitsForItsDelete() throws Exception {
        // As a read outside a snapshot can see it: eu/2 inserted again after the change table was read (the log
        // does not show it yet), and us/5 deleted after the change table was read (its delete not yet in the log).
        exec("INSERT INTO sales.orders VALUES ('eu', 2, 'bob-again', 21.00)");
        exec("DELETE FROM sales.orders WHERE region = 'us' AND id = 5");
        assertThat(read(1, 6)).containsExactly("eu|1|ann2|11.50|U", "eu|2|null|null|D", "eu|9|null|null|D");
    }

    /** The dialect's statement with CHANGETABLE replaced by the stand-in, executed with its bound versions. */
    private List<String> read(long last, long captured) throws SQLException {
        BoundSql sql = new SqlServerDialect().changeTrackingRead(ORDERS, List.of("region", "id"),
                List.of("region", "id", "name", "amount"), List.of(Projection.column("region"),
                        Projection.column("id"), Projection.column("name"), Projection.column("amount")),
                last, captured);
        String changeTable = "CHANGETABLE(CHANGES [sales].[orders], ?)";
        assertThat(sql.sql()).containsOnlyOnce(changeTable);
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.sql().replace(changeTable, changes.changeTable()))) {
            for (int i = 0; i < sql.parameters().size(); i++) {
                ps.setObject(i + 1, sql.parameters().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.getMetaData().getColumnLabel(5)).isEqualToIgnoringCase("_sluice_op");
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3) + "|"
                            + rs.getBigDecimal(4) + "|" + rs.getString(5));
                }
            }
        }
        return rows;
    }

    private void exec(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
