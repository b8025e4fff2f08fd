package dev.sluice.core.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.math.BigDecimal;
import java.util.List;
import java.sql.ResultSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import dev.sluice.core.config.TargetConfig.Mode;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The load batch's non-COPY statements executed on embedded PostgreSQL (which has MERGE since 15). */
class LoadSqlPostgresIT extends LoadSemanticsContract {

    private static EmbeddedPostgres postgres;
    private Connection connection;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void open() throws Exception {
        connection = postgres.getPostgresDatabase().getConnection();
        try (Statement st = connection.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS analytics CASCADE");
            st.execute("DROP SCHEMA IF EXISTS sluice CASCADE");
            st.execute("DROP SCHEMA IF EXISTS lake CASCADE");
            st.execute("CREATE SCHEMA lake");
            st.execute("CREATE TABLE lake.run_rows (id integer, name varchar(100), amount numeric(12,2),"
                    + " updated_at timestamp, _sluice_row_hash bigint, _sluice_run_id varchar(128),"
                    + " _sluice_chunk_id varchar(64), _sluice_extracted_at timestamptz, _sluice_op varchar(1))");
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void concurrentLoadsOfOneRunApplyItOnce() throws Exception {
        // an earlier run created the target and the ledger (two first-ever loads racing on CREATE ... IF NOT EXISTS
        // can fail one of them on the catalog; it rolls back entirely and its retry is then a no-op)
        load(Mode.APPEND, LoadFixtures.RUN_1, List.of(row(9, "zed", "9.00", T1)));
        List<LakeRow> rows = List.of(row(1, "ann", "10.00", T2), row(2, "bob", "20.00", T2));
        List<String> batch = RedshiftLoadSql.batch(LoadFixtures.plan(Mode.APPEND, LoadFixtures.RUN_2,
                stage(LoadFixtures.RUN_2, rows), rows.size()), LoadDialect.POSTGRES);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection first = postgres.getPostgresDatabase().getConnection();
             Connection second = postgres.getPostgresDatabase().getConnection()) {
            first.setAutoCommit(false);
            execute(first, batch); // holds the target's lock, not committed yet
            int secondPid;
            try (Statement st = second.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                secondPid = rs.getInt(1);
            }
            Future<?> concurrent = executor.submit(() -> {
                second.setAutoCommit(false);
                execute(second, batch);
                second.commit();
                return null;
            });
            awaitWaitingOnLock(secondPid);
            first.commit();
            concurrent.get(60, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        assertThat(target()).containsExactly("1|ann|10.00|" + LoadFixtures.RUN_2, "2|bob|20.00|" + LoadFixtures.RUN_2,
                "9|zed|9.00|" + LoadFixtures.RUN_1);
        assertThat(ledger()).containsExactly(LoadFixtures.RUN_1 + "|append|1|1|0|0",
                LoadFixtures.RUN_2 + "|append|2|2|0|0");
    }

    @Test
    void withoutChangeTrackingMergeKeepsTheRowWithTheLatestWatermarkAmongEqualExtractions() throws Exception {
        // one chunk read key 5 twice in one extraction instant (e.g. a lookback overlap): updated_at decides
        LakeRow older = new LakeRow(5, "old", "1.00", "I", T1, "c00000-000000000000");
        LakeRow newer = new LakeRow(5, "new", "2.00", "I", T1, "c00001-000000000000");
        stage(LoadFixtures.RUN_1, List.of(older, newer));
        try (Statement st = connection.createStatement()) {
            st.execute("UPDATE lake.run_rows SET updated_at = updated_at + interval '1 hour',"
                    + " _sluice_row_hash = -9223372036854775807 WHERE name = 'new'");
            // the older row has the higher hash: only the watermark ordering picks the newer one
            st.execute("UPDATE lake.run_rows SET _sluice_row_hash = 9223372036854775807 WHERE name = 'old'");
        }
        LoadPlan plan = new LoadPlan(LoadFixtures.timestampTable(Mode.MERGE), LoadFixtures.columns(),
                LoadFixtures.RUN_1, new LoadSource.StagedTable("lake", "run_rows"), "sluice", 2,
                java.util.Optional.empty());
        connection.setAutoCommit(false);
        execute(connection, RedshiftLoadSql.batch(plan, LoadDialect.POSTGRES));
        connection.commit();
        connection.setAutoCommit(true);
        assertThat(target()).containsExactly("5|new|2.00|" + LoadFixtures.RUN_1);
        assertThat(ledger()).containsExactly(LoadFixtures.RUN_1 + "|merge|2|1|0|0");
    }

    private static void execute(Connection c, List<String> batch) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String sql : batch) {
                st.execute(sql);
            }
        }
    }

    /** Polls pg_stat_activity until the backend waits on a lock (the target's), for at most 30 s. */
    private void awaitWaitingOnLock(int pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            st.setInt(1, pid);
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the second load never waited on the target's lock");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    @Override
    Connection connection() {
        return connection;
    }

    @Override
    LoadDialect dialect() {
        return LoadDialect.POSTGRES;
    }

    @Override
    LoadSource stage(String runId, List<LakeRow> rows) throws Exception {
        try (Statement st = connection.createStatement()) {
            st.execute("DELETE FROM lake.run_rows");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lake.run_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LakeRow row : rows) {
                insert.setInt(1, row.id());
                insert.setString(2, row.name());
                insert.setBigDecimal(3, row.amount() == null ? null : new BigDecimal(row.amount()));
                insert.setTimestamp(4, Timestamp.valueOf(row.updatedAt()));
                insert.setLong(5, row.hash());
                insert.setString(6, runId);
                insert.setString(7, row.chunk());
                insert.setObject(8, row.extractedAt());
                insert.setString(9, row.op());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return new LoadSource.StagedTable("lake", "run_rows");
    }
}
