package dev.sluice.core.load;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The load batch in DuckDB's dialect, reading the run's Parquet files as local mode's warehouse does. */
class LoadSqlDuckDbIT extends LoadSemanticsContract {

    @TempDir
    Path lake;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:duckdb:");
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
        return LoadDialect.DUCKDB;
    }

    @Override
    LoadSource stage(String runId, List<LakeRow> rows) throws Exception {
        Path partition = lake.resolve("run_id=" + runId);
        if (Files.isDirectory(partition)) {
            return new LoadSource.LocalParquet(partition); // the lake is write-once: a rerun reads the same files
        }
        Files.createDirectories(partition);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE fixture (id INTEGER, name VARCHAR, amount DECIMAL(12,2),"
                    + " updated_at TIMESTAMP, _sluice_row_hash BIGINT, _sluice_run_id VARCHAR,"
                    + " _sluice_chunk_id VARCHAR, _sluice_extracted_at TIMESTAMPTZ, _sluice_op VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fixture VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMPTZ), ?)")) {
            for (LakeRow row : rows) {
                insert.setInt(1, row.id());
                insert.setString(2, row.name());
                insert.setBigDecimal(3, row.amount() == null ? null : new BigDecimal(row.amount()));
                insert.setTimestamp(4, Timestamp.valueOf(row.updatedAt()));
                insert.setLong(5, row.hash());
                insert.setString(6, runId);
                insert.setString(7, row.chunk());
                insert.setString(8, row.extractedAt().toInstant().toString());
                insert.setString(9, row.op());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement st = connection.createStatement()) {
            // two chunk files, as a run has, split by key
            st.execute("COPY (SELECT * FROM fixture WHERE id % 2 = 0) TO '" + partition.resolve("part-c0.parquet")
                    + "' (FORMAT PARQUET)");
            st.execute("COPY (SELECT * FROM fixture WHERE id % 2 = 1) TO '" + partition.resolve("part-c1.parquet")
                    + "' (FORMAT PARQUET)");
            st.execute("DROP TABLE fixture");
        }
        return new LoadSource.LocalParquet(partition);
    }
}
