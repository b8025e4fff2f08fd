package dev.sluice.core.extract;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** An embedded PostgreSQL for extraction ITs; closing stops it. */
final class PostgresFixture implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    PostgresFixture() throws IOException {
        this.postgres = EmbeddedPostgres.builder().start();
    }

    /** A connection that streams result sets (auto-commit off, so the fetch size takes effect). */
    Connection connect() throws SQLException {
        Connection c = postgres.getPostgresDatabase().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
