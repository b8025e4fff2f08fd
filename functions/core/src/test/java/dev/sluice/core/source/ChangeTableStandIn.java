package dev.sluice.core.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code CHANGETABLE(CHANGES <table>, @last)} returns, computed by plain SQL from a change log the test writes,
 * for engines that have no change tracking (H2, PostgreSQL). SQL Server cannot run here; this is the one part of
 * the change tracking read that is emulated, so the rest of the statement ({@link ChangeTrackingSql}: the join,
 * the version bound, the delete handling, the select list and its order) runs for real.
 *
 * <p>The log {@code <schema>.ct_log(sys_change_version, op, <key columns>)} has one entry per committed change of
 * a key, as SQL Server records them: {@code I}, {@code U} or {@code D} at a version. The expression returns, like
 * CHANGETABLE, one row per key with an entry after {@code @last}: {@code SYS_CHANGE_VERSION} = the key's
 * <em>latest</em> version, and the net operation relative to {@code @last}: {@code D} when the key's latest entry
 * is a delete, else {@code U} when the key existed at {@code @last} (its latest entry at or before it is not a
 * delete), else {@code I}. {@code <schema>.ct_state(current_version, min_valid_version)} holds the two functions'
 * values.
 */
public final class ChangeTableStandIn {

    private final String schema;
    private final List<String> keyColumns;
    private final List<String> keyDefinitions;

    /**
     * @param schema         where the log and the state live (unquoted, lower case)
     * @param keyDefinitions the key columns with their SQL types, e.g. {@code "region varchar(8)"}, {@code "id int"}
     */
    public ChangeTableStandIn(String schema, List<String> keyDefinitions) {
        this.schema = schema;
        this.keyDefinitions = List.copyOf(keyDefinitions);
        this.keyColumns = keyDefinitions.stream().map(d -> d.substring(0, d.indexOf(' '))).toList();
    }

    /** Creates the log and the state table (current version 0, min valid version 0). */
    public void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE " + schema + ".ct_log (sys_change_version bigint NOT NULL, op char(1) NOT NULL, "
                    + String.join(", ", keyDefinitions) + ")");
            s.execute("CREATE TABLE " + schema + ".ct_state (current_version bigint, min_valid_version bigint)");
            s.execute("INSERT INTO " + schema + ".ct_state VALUES (0, 0)");
        }
    }

    /** Logs one change of {@code key} at {@code version} and makes it the current version. */
    public void log(Connection c, long version, char op, Object... key) throws SQLException {
        String marks = keyColumns.stream().map(k -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".ct_log VALUES (?, ?, " + marks
                + ")")) {
            ps.setLong(1, version);
            ps.setString(2, String.valueOf(op));
            for (int i = 0; i < key.length; i++) {
                ps.setObject(i + 3, key[i]);
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".ct_state SET current_version = ?"
                + " WHERE current_version < ?")) {
            ps.setLong(1, version);
            ps.setLong(2, version);
            ps.executeUpdate();
        }
    }

    /** Sets the values of {@code CHANGE_TRACKING_CURRENT_VERSION()} and {@code CHANGE_TRACKING_MIN_VALID_VERSION}. */
    public void state(Connection c, Long currentVersion, Long minValidVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".ct_state SET current_version = ?,"
                + " min_valid_version = ?")) {
            ps.setObject(1, currentVersion);
            ps.setObject(2, minValidVersion);
            ps.executeUpdate();
        }
    }

    /** The readings' query over the state: {@code db_now}, {@code ct_current_version}, {@code ct_min_valid_version}. */
    public String readings(String now) {
        return "SELECT " + now + " AS db_now, current_version AS ct_current_version, min_valid_version AS"
                + " ct_min_valid_version FROM " + schema + ".ct_state";
    }

    /** The stand-in for {@code CHANGETABLE(CHANGES <table>, ?)}: a derived table with one parameter, {@code @last}. */
    public String changeTable() {
        String log = schema + ".ct_log";
        String keys = keyColumns.stream().map(k -> "n." + k).collect(Collectors.joining(", "));
        return "(SELECT " + keys + ", n.sys_change_version,"
                + " CASE WHEN n.op = 'D' THEN 'D'"
                + " WHEN (SELECT b.op FROM " + log + " b WHERE " + same("b", "n") + " AND b.sys_change_version ="
                + " (SELECT MAX(b2.sys_change_version) FROM " + log + " b2 WHERE " + same("b2", "n")
                + " AND b2.sys_change_version <= n.last_sync)) IN ('I', 'U') THEN 'U'"
                + " ELSE 'I' END AS sys_change_operation"
                + " FROM (SELECT l.*, p.last_sync FROM " + log + " l CROSS JOIN (SELECT CAST(? AS bigint) AS last_sync) p"
                + " WHERE l.sys_change_version > p.last_sync AND l.sys_change_version ="
                + " (SELECT MAX(m.sys_change_version) FROM " + log + " m WHERE " + same("m", "l") + ")) n)";
    }

    private String same(String a, String b) {
        return keyColumns.stream().map(k -> a + "." + k + " = " + b + "." + k).collect(Collectors.joining(" AND "));
    }
}
