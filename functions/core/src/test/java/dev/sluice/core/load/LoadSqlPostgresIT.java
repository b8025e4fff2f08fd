package dev.sluice.core.load;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.math.BigDecimal;
import java.util.List;
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
                    + " updated_at timestamp, _sluice_row_hash bigint, _sluice_chunk_id varchar(64),"
                    + " _sluice_op varchar(1), _sluice_extracted_at timestamptz)");
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
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
                "INSERT INTO lake.run_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LakeRow row : rows) {
                insert.setInt(1, row.id());
                insert.setString(2, row.name());
                insert.setBigDecimal(3, row.amount() == null ? null : new BigDecimal(row.amount()));
                insert.setTimestamp(4, Timestamp.valueOf(row.updatedAt()));
                insert.setLong(5, row.hash());
                insert.setString(6, row.chunk());
                insert.setString(7, row.op());
                insert.setObject(8, row.extractedAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return new LoadSource.StagedTable("lake", "run_rows");
    }
}
