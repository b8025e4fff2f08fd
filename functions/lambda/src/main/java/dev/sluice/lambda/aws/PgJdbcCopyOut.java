package dev.sluice.lambda.aws;

import dev.sluice.core.source.PostgresCopyOut;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * {@link PostgresCopyOut} on PgJDBC: the COPY's output as a stream read straight off the connection (the core decodes
 * the binary COPY format itself). Used by the Lambda functions and by local mode.
 */
public final class PgJdbcCopyOut implements PostgresCopyOut {

    @Override
    public InputStream open(Connection connection, String copySql) throws SQLException {
        return new PGCopyInputStream(connection.unwrap(PGConnection.class), copySql);
    }
}
