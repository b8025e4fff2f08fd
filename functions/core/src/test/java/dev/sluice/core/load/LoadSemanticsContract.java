package dev.sluice.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.TargetConfig.Mode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load semantics every warehouse dialect must show, checked row by row on a real engine: a subclass stages a
 * run's rows where its dialect reads them and executes the batch in one transaction.
 */
abstract class LoadSemanticsContract {

    static final OffsetDateTime T1 = OffsetDateTime.of(2026, 11, 20, 1, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime T2 = T1.plusDays(1);
    static final OffsetDateTime T3 = T1.plusDays(2);

    /** One lake row of the orders table with its metadata. */
    record LakeRow(int id, String name, String amount, String op, OffsetDateTime extractedAt, String chunk) {
        long hash() {
            long h = 1125899906842597L;
            for (char c : (id + "|" + name + "|" + amount).toCharArray()) {
                h = 31 * h + c;
            }
            return h;
        }

        LocalDateTime updatedAt() {
            return extractedAt.toLocalDateTime().minusMinutes(1);
        }
    }

    static LakeRow row(int id, String name, String amount, OffsetDateTime at) {
        return new LakeRow(id, name, amount, "I", at, "c00000-000000000000");
    }

    static LakeRow delete(int id, OffsetDateTime at) {
        return new LakeRow(id, null, null, "D", at, "c00001-000000000000");
    }

    abstract Connection connection();

    /** Makes {@code rows} the run's lake rows and returns the load source for them. */
    abstract LoadSource stage(String runId, List<LakeRow> rows) throws Exception;

    abstract LoadDialect dialect();

    void load(Mode mode, String runId, List<LakeRow> rows) throws Exception {
        load(mode, runId, rows, rows.size(), null);
    }

    void load(Mode mode, String runId, List<LakeRow> rows, long manifestRows, String injectedBeforeCommit)
            throws Exception {
        LoadSource source = stage(runId, rows);
        List<String> batch = new ArrayList<>(RedshiftLoadSql.batch(
                LoadFixtures.plan(mode, runId, source, manifestRows), dialect()));
        if (injectedBeforeCommit != null) {
            batch.add(injectedBeforeCommit);
        }
        Connection c = connection();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : batch) {
                st.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    values.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    List<String> target() throws SQLException {
        return rows("SELECT id, name, amount, _sluice_run_id FROM analytics.orders ORDER BY id");
    }

    List<String> ledger() throws SQLException {
        return rows("SELECT run_id, load_mode, rows_staged, rows_inserted, rows_updated, rows_deleted"
                + " FROM sluice.sluice_load_ledger ORDER BY run_id");
    }

    @Test
    void mergeAppliedTwiceEqualsOnceAndDeletesReachTheTarget() throws Exception {
        load(Mode.MERGE, LoadFixtures.RUN_1, List.of(row(1, "ann", "10.00", T1), row(2, "bob", "20.50", T1),
                row(3, "cy", "30.00", T1)));
        List<LakeRow> second = List.of(
                row(1, "ann", "10.00", T2),                 // re-read by the lookback, unchanged
                row(2, "bob-old", "20.50", T2.minusHours(1)), // read by an earlier chunk of the same run
                row(2, "bobby", "21.00", T2),                // the latest version of key 2 wins
                delete(3, T2),                               // _sluice_op = 'D'
                delete(9, T2),                               // delete of a key never loaded: nothing to do
                row(4, "dee", "40.00", T2));
        load(Mode.MERGE, LoadFixtures.RUN_2, second);
        List<String> afterOnce = target();
        assertThat(afterOnce).containsExactly(
                "1|ann|10.00|" + LoadFixtures.RUN_1,
                "2|bobby|21.00|" + LoadFixtures.RUN_2,
                "4|dee|40.00|" + LoadFixtures.RUN_2);

        load(Mode.MERGE, LoadFixtures.RUN_2, second);
        assertThat(target()).isEqualTo(afterOnce);
        assertThat(ledger()).containsExactly(
                LoadFixtures.RUN_1 + "|merge|3|3|0|0",
                LoadFixtures.RUN_2 + "|merge|6|1|1|1");
        LoadReport report = ledgerReport(LoadFixtures.RUN_2);
        assertThat(report).isEqualTo(new LoadReport(LoadFixtures.RUN_2, "analytics", "orders", "merge", 6, 1, 1, 1,
                report.loadedAt()));
        assertThat(ledgerRows(LoadFixtures.RUN_3)).isEmpty();
    }

    @Test
    void scd2HistoryIsExactOverThreeRunsWithUpdatesAndADelete() throws Exception {
        load(Mode.SCD2, LoadFixtures.RUN_1, List.of(row(1, "ann", "10.00", T1), row(2, "bob", "20.00", T1)));
        load(Mode.SCD2, LoadFixtures.RUN_2, List.of(row(1, "ann2", "11.00", T2), row(2, "bob", "20.00", T2),
                row(3, "cy", "30.00", T2)));
        load(Mode.SCD2, LoadFixtures.RUN_3, List.of(row(1, "ann3", "12.00", T3), delete(2, T3)));
        load(Mode.SCD2, LoadFixtures.RUN_3, List.of(row(1, "ann3", "12.00", T3), delete(2, T3)));

        assertThat(rows("SELECT id, name, _sluice_valid_from = " + ts(T1) + ", _sluice_valid_from = " + ts(T2)
                + ", _sluice_valid_from = " + ts(T3) + ", coalesce(_sluice_valid_to = " + ts(T2) + ", false),"
                + " coalesce(_sluice_valid_to = " + ts(T3) + ", false), _sluice_valid_to IS NULL, _sluice_is_current"
                + " FROM analytics.orders ORDER BY id, _sluice_valid_from")).containsExactly(
                "1|ann|true|false|false|true|false|false|false",
                "1|ann2|false|true|false|false|true|false|false",
                "1|ann3|false|false|true|false|false|true|true",
                "2|bob|true|false|false|false|true|false|false",
                "3|cy|false|true|false|false|false|true|true");
        assertThat(ledger()).containsExactly(
                LoadFixtures.RUN_1 + "|scd2|2|2|0|0",
                LoadFixtures.RUN_2 + "|scd2|3|1|1|0",
                LoadFixtures.RUN_3 + "|scd2|2|0|1|1");
    }

    @Test
    void replaceIsAtomicWhenTheBatchFailsBeforeCommit() throws Exception {
        load(Mode.REPLACE, LoadFixtures.RUN_1, List.of(row(1, "ann", "10.00", T1), row(2, "bob", "20.00", T1)));
        assertThatThrownBy(() -> load(Mode.REPLACE, LoadFixtures.RUN_2, List.of(row(7, "gil", "70.00", T2)), 1,
                "SELECT CAST('injected failure' AS INTEGER)")).isInstanceOf(SQLException.class);
        assertThat(target()).containsExactly("1|ann|10.00|" + LoadFixtures.RUN_1, "2|bob|20.00|" + LoadFixtures.RUN_1);
        assertThat(ledger()).containsExactly(LoadFixtures.RUN_1 + "|replace|2|2|0|0");

        load(Mode.REPLACE, LoadFixtures.RUN_2, List.of(row(7, "gil", "70.00", T2)));
        load(Mode.REPLACE, LoadFixtures.RUN_2, List.of(row(7, "gil", "70.00", T2)));
        assertThat(target()).containsExactly("7|gil|70.00|" + LoadFixtures.RUN_2);
        assertThat(ledger()).containsExactly(LoadFixtures.RUN_1 + "|replace|2|2|0|0",
                LoadFixtures.RUN_2 + "|replace|1|1|0|2");
    }

    @Test
    void appendTwiceAppendsOnceAndAStagedCountOtherThanTheManifestFailsTheBatch() throws Exception {
        load(Mode.APPEND, LoadFixtures.RUN_1, List.of(row(1, "ann", "10.00", T1), row(2, "bob", "20.00", T1)));
        load(Mode.APPEND, LoadFixtures.RUN_1, List.of(row(1, "ann", "10.00", T1), row(2, "bob", "20.00", T1)));
        assertThat(target()).hasSize(2);

        assertThatThrownBy(() -> load(Mode.APPEND, LoadFixtures.RUN_2, List.of(row(3, "cy", "1.00", T2)), 5, null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("sluice: run " + LoadFixtures.RUN_2 + " staged 1 rows for analytics.orders but"
                        + " its manifest has 5");
        assertThat(target()).hasSize(2);
        assertThat(ledger()).containsExactly(LoadFixtures.RUN_1 + "|append|2|2|0|0");
    }

    List<java.util.Map<String, Object>> ledgerRows(String runId) throws SQLException {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        try (Statement st = connection().createStatement();
             ResultSet rs = st.executeQuery(RedshiftLoadSql.ledgerRowQuery("sluice", runId))) {
            while (rs.next()) {
                java.util.Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    LoadReport ledgerReport(String runId) throws SQLException {
        return LoadReport.fromLedgerRow(ledgerRows(runId).getFirst());
    }

    static String ts(OffsetDateTime t) {
        return "TIMESTAMPTZ '" + t.toInstant() + "'";
    }
}
