package dev.sluice.local.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The embedded demo source of local mode: a real PostgreSQL server (zonky embedded binaries, started offline)
 * holding the {@link DemoDataset} at a given {@link DemoScale}. Closing it stops the server.
 *
 * <p>Two kinds of data directory:
 * <ul>
 *   <li>{@link #open(Path, DemoScale)} and {@link #openExisting(Path, DemoScale)}: a persistent directory (the CLI
 *       uses {@link #DEFAULT_DIRECTORY}, {@code .sluice/demo-pg} under the working directory). The dataset is
 *       generated the first time, and again only when a different scale is asked for ({@code open}); later starts
 *       take a second or two.</li>
 *   <li>{@link #openTemporary(DemoScale)}: a fresh directory under the system temp directory, deleted on close
 *       (tests).</li>
 * </ul>
 * The server listens on a free localhost port, trusts local connections (user {@code postgres}, no password) and
 * runs with durability off ({@code fsync}, {@code synchronous_commit}) because the demo can always be regenerated.
 */
public final class DemoDatabase implements AutoCloseable {

    /** Where the CLI keeps the demo server's data, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of(".sluice", "demo-pg");
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final DemoScale scale;
    private final DemoDataset.LoadReport load;

    private DemoDatabase(EmbeddedPostgres server, DemoScale scale, DemoDataset.LoadReport load) {
        this.server = server;
        this.scale = scale;
        this.load = load;
    }

    /** Starts the server on {@code dataDirectory}, generating the dataset when absent or of another scale. */
    public static DemoDatabase open(Path dataDirectory, DemoScale scale) throws IOException, SQLException {
        return start(persistent(dataDirectory), scale, false);
    }

    /**
     * Starts the server on {@code dataDirectory} and keeps whatever current dataset it holds, whatever its scale
     * (and whatever change batches were applied to it); generates {@code whenAbsent} only when there is none.
     */
    public static DemoDatabase openExisting(Path dataDirectory, DemoScale whenAbsent)
            throws IOException, SQLException {
        return start(persistent(dataDirectory), whenAbsent, true);
    }

    /** Starts a server on a temporary directory that is deleted when the database is closed. */
    public static DemoDatabase openTemporary(DemoScale scale) throws IOException, SQLException {
        return start(EmbeddedPostgres.builder().setCleanDataDirectory(true), scale, false);
    }

    private static EmbeddedPostgres.Builder persistent(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toAbsolutePath())
                .setCleanDataDirectory(false);
    }

    private static DemoDatabase start(EmbeddedPostgres.Builder builder, DemoScale scale, boolean anyLoadedScale)
            throws IOException, SQLException {
        EmbeddedPostgres server = builder
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("wal_level", "minimal")
                .setServerConfig("max_wal_senders", "0")
                .setServerConfig("maintenance_work_mem", "256MB")
                .setRegisterShutdownHook(true)
                .start();
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            Optional<DemoScale> loaded = DemoDataset.loadedScale(connection);
            if (loaded.isPresent() && (anyLoadedScale || loaded.get().equals(scale))) {
                return new DemoDatabase(server, loaded.get(), null);
            }
            return new DemoDatabase(server, scale, DemoDataset.load(connection, scale));
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public DemoScale scale() {
        return scale;
    }

    /** The load this start performed; empty when an already generated dataset of the same scale was reused. */
    public Optional<DemoDataset.LoadReport> load() {
        return Optional.ofNullable(load);
    }

    /** A JDBC URL for the demo database, carrying the (password-less) user: nothing secret in it. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** A JDBC URL for another database on the same server (e.g. one a test creates). */
    public String jdbcUrl(String database) {
        return server.getJdbcUrl(USER, database);
    }

    public int port() {
        return server.getPort();
    }

    public DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /** Stops the server; a temporary data directory is deleted. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded demo PostgreSQL", e);
        }
    }
}
