package dev.sluice.lambda.aws;

import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.pipeline.SourceConnections;
import dev.sluice.core.source.JdbcConnectionSettings;
import dev.sluice.core.source.JdbcSource;
import dev.sluice.core.source.SourceCredentials;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * {@link SourceConnections} in AWS: each connection is opened with {@link DriverManager} on the source's configured
 * JDBC URL, with the login from its Secrets Manager secret and the TLS settings of {@code sources[].tls} as connection
 * properties ({@link JdbcConnectionSettings}: never in the URL). Nothing is pooled or kept: a step opens what it
 * needs and closes it, so no connection is ever captured in a SnapStart snapshot. A refused login (SQLSTATE 28xxx)
 * drops the cached secret value, so a rotated password is read again on the retry.
 */
public final class SecretSourceConnections implements SourceConnections {

    private final SecretsManagerCredentials credentials;

    public SecretSourceConnections(SecretsManagerCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public JdbcSource.ConnectionFactory of(SourceConfig source) {
        if (source.embeddedDemo()) {
            throw new ConfigurationFailure("sources[" + source.name() + "].jdbcUrl is " + SourceConfig.EMBEDDED_DEMO
                    + ", which only local mode provides: give the source's JDBC URL in this environment's config");
        }
        String secretArn = source.credentials() == null ? null : source.credentials().secretArn();
        return () -> open(source, secretArn);
    }

    private Connection open(SourceConfig source, String secretArn) throws SQLException {
        SourceCredentials login = credentials.credentials(source.name(), secretArn);
        JdbcConnectionSettings settings;
        try {
            settings = JdbcConnectionSettings.of(source, login);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationFailure(e.getMessage());
        }
        try {
            return DriverManager.getConnection(settings.url(), settings.properties());
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                credentials.invalidate(secretArn);
            }
            throw e;
        }
    }
}
