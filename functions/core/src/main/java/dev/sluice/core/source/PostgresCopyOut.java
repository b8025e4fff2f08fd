package dev.sluice.core.source;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's {@code COPY ... TO STDOUT} on an open connection, as a byte stream: the one driver capability the
 * chunk reader uses beyond {@code java.sql}. Core has no driver dependency, so the adapter lives where the driver is;
 * with PgJDBC it is {@code (c, sql) -> new PGCopyInputStream(c.unwrap(PGConnection.class), sql)}. The stream runs
 * inside the connection's current transaction; closing it before its end cancels the COPY.
 */
@FunctionalInterface
public interface PostgresCopyOut {

    /** Starts {@code copySql} (a {@code COPY ... TO STDOUT}) on {@code connection} and returns its output. */
    InputStream open(Connection connection, String copySql) throws SQLException;
}
