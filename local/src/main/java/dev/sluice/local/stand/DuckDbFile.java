package dev.sluice.local.stand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * One DuckDB database file of local mode ({@code .sluice/catalog.duckdb} for the catalog and the validation
 * queries, {@code .sluice/warehouse.duckdb} for the warehouse), held open on one connection for the life of the
 * local pipeline. DuckDB lets one process write a file; every use goes through {@link #use}, one at a time, so
 * the stand-ins sharing a file never interleave statements or transactions. Local mode's own bookkeeping (query
 * executions, batches, crawls, partitions) lives in the schema {@value #BOOKKEEPING} of the same file.
 */
public final class DuckDbFile implements AutoCloseable {

    /** The schema of the stand-ins' own tables. */
    public static final String BOOKKEEPING = "_sluice_local";

    /** Work on the file's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;

    private DuckDbFile(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating when absent) the database file, and its bookkeeping schema. */
    public static DuckDbFile open(Path file) {
        Path path = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        try {
            Files.createDirectories(path.getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the directory of " + path + ": " + e.getMessage(), e);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + path);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the DuckDB file " + path + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("lock")
                    ? "; another sluice process has it open: wait for it to finish" : ""), e);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + BOOKKEEPING);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot prepare the DuckDB file " + path + ": " + e.getMessage(), e);
        }
        return new DuckDbFile(path, connection);
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} on the file's connection, excluding every other use until it returns. */
    public synchronized <T> T use(Work<T> work) throws SQLException {
        return work.apply(connection);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the DuckDB file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} as a SQL string literal (single quotes doubled). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** {@code name} as a quoted SQL identifier (double quotes doubled). */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
