package dev.sluice.core.extract;

import java.sql.SQLException;

/**
 * Reading the chunk's rows from the source failed (connection lost, query cancelled, timeout). Usually transient:
 * the chunk is retried from the start, and its fixed object key means the retry replaces any partial attempt. The
 * message names the chunk and table and carries the driver's message (never the JDBC URL or credentials).
 */
public class SourceReadException extends RuntimeException {

    public SourceReadException(String message, SQLException cause) {
        super(message, cause);
    }

    /** The driver's SQLState, e.g. {@code 08006} for a broken connection; null when it gave none. */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }
}
