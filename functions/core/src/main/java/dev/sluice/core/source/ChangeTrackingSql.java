package dev.sluice.core.source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The read of one change tracking increment: the net changes after the last synced version whose latest change is
 * at or below the version captured when the run was planned, one row per primary key, in key order.
 *
 * <pre>
 * SELECT &lt;the chunk's select list&gt;, [_sluice_op]
 * FROM (SELECT ct.SYS_CHANGE_OPERATION AS [_sluice_op], ct.[k]..., t.[c]...
 *       FROM CHANGETABLE(CHANGES [s].[t], ?last) AS ct
 *       LEFT JOIN [s].[t] AS t ON t.[k] = ct.[k] ... AND ct.SYS_CHANGE_OPERATION &lt;&gt; 'D'
 *       WHERE ct.SYS_CHANGE_VERSION &lt;= ?captured AND (ct.SYS_CHANGE_OPERATION = 'D' OR t.[k1] IS NOT NULL)) AS c
 * ORDER BY [k]...
 * </pre>
 *
 * <ul>
 *   <li>The key comes from the change table, every other column from the table: a delete ({@code D}) carries its key
 *       and NULL for every other column (the join is not even attempted for it, so a key inserted again after the
 *       delete cannot lend it values).</li>
 *   <li>{@code CHANGETABLE(CHANGES ...)} returns each changed key once, with its <em>latest</em> version and its
 *       net operation since {@code last}. A key whose latest change is above the captured version is left out of
 *       this run whole; the next run starts at the captured version and reads it then, with its values then. No
 *       change is lost and none is read by two runs' windows.</li>
 *   <li>An {@code I}/{@code U} whose row the join cannot find was deleted after the change table was read (possible
 *       only without a snapshot; that delete's version is above the captured one): it is left to the next run,
 *       which reads the delete, rather than written as a row of NULLs.</li>
 *   <li>The outer select list is the chunk's own ({@link KeysetSql#selectList}), over the derived table's columns
 *       named as the table's, so every projection renders exactly as in a keyset read and the row hashes agree;
 *       the operation is the last item, as {@code ChunkRequest} expects.</li>
 * </ul>
 * Identifiers are validated and quoted; both versions are bound parameters.
 */
final class ChangeTrackingSql {

    /** The label of the operation item ({@code I}, {@code U} or {@code D}). */
    static final String OPERATION = "_sluice_op";

    private ChangeTrackingSql() {
    }

    /**
     * @param dialect     quotes identifiers and names the table
     * @param changeTable the change table expression with one {@code ?} for the last synced version
     *                    ({@code CHANGETABLE(CHANGES [s].[t], ?)} on SQL Server)
     * @param primaryKey  the table's primary key, in key order; each must be one of {@code columns}
     * @param columns     the source columns the select list reads (the carried columns), any order
     */
    static BoundSql read(SqlDialect dialect, TableRef t, String changeTable, List<String> primaryKey,
                         List<String> columns, List<Projection> select, long lastVersion, long capturedVersion) {
        if (primaryKey.isEmpty()) {
            throw new SourceException("table " + t + ": change tracking needs a primary key; add one or use a"
                    + " timestamp or full watermark");
        }
        if (capturedVersion < lastVersion) {
            throw new IllegalArgumentException("table " + t + ": change tracking window (" + lastVersion + ", "
                    + capturedVersion + "] is reversed; the plan's window is corrupt: plan a new run");
        }
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(key::equalsIgnoreCase)) {
                throw new IllegalArgumentException("table " + t + ": primary key column " + key + " is not among the"
                        + " columns read " + columns + "; a key column cannot be excluded from a change tracking read");
            }
        }
        List<String> inner = new ArrayList<>();
        inner.add("ct.SYS_CHANGE_OPERATION AS " + dialect.quote(OPERATION));
        for (String column : columns) {
            String q = dialect.quote(column);
            boolean key = primaryKey.stream().anyMatch(column::equalsIgnoreCase);
            inner.add((key ? "ct." : "t.") + q + " AS " + q);
        }
        String join = primaryKey.stream().map(k -> "t." + dialect.quote(k) + " = ct." + dialect.quote(k))
                .collect(Collectors.joining(" AND "));
        String found = "t." + dialect.quote(primaryKey.getFirst()) + " IS NOT NULL";
        String order = primaryKey.stream().map(dialect::quote).collect(Collectors.joining(", "));
        String outer = KeysetSql.selectList(select, dialect::quote);
        return BoundSql.of("SELECT " + (outer.isEmpty() ? "" : outer + ", ") + dialect.quote(OPERATION)
                + " FROM (SELECT " + String.join(", ", inner)
                + " FROM " + changeTable + " AS ct"
                + " LEFT JOIN " + dialect.qualified(t) + " AS t ON " + join + " AND ct.SYS_CHANGE_OPERATION <> 'D'"
                + " WHERE ct.SYS_CHANGE_VERSION <= ? AND (ct.SYS_CHANGE_OPERATION = 'D' OR " + found + ")) AS c"
                + " ORDER BY " + order, lastVersion, capturedVersion);
    }
}
