package dev.sluice.core.testing;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TlsMode;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.PostgresDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for integration tests, started from the embedded binaries (no Docker, no network) and
 * stopped on {@link #close()}. Use one per test class:
 * <pre>{@code
 * static EmbeddedPostgresFixture pg;
 * @BeforeAll static void start() { pg = EmbeddedPostgresFixture.start(); }
 * @AfterAll static void stop() { pg.close(); }
 * }</pre>
 */
public final class EmbeddedPostgresFixture implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresFixture(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresFixture start() {
        try {
            return new EmbeddedPostgresFixture(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** The {@code postgres} database as the {@code postgres} superuser. */
    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public Connection connection() throws SQLException {
        return dataSource().getConnection();
    }

    /** The JDBC URL of the {@code postgres} database, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    /** Runs statements, each in its own autocommit transaction. */
    public void execute(String... statements) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("fixture statement failed: " + e.getMessage(), e);
        }
    }

    /** The single {@code long} of a query. */
    public long queryLong(String sql) {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("fixture query failed: " + e.getMessage(), e);
        }
    }

    /** A source config pointing at this server (TLS disabled: the embedded server has no certificate). */
    public SourceConfig sourceConfig(String name, IsolationLevel isolation) {
        return new SourceConfig(name, Engine.POSTGRESQL, jdbcUrl(), null, null, 4, Duration.ofSeconds(60),
                isolation, TlsMode.DISABLE, 1_000);
    }

    /** The JDBC source adapter over this server. */
    public JdbcSource source() {
        return new JdbcSource(sourceConfig("embedded", IsolationLevel.READ_COMMITTED), new PostgresDialect(),
                dataSource()::getConnection);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        }
    }
}
