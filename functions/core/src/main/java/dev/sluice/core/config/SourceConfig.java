package dev.sluice.core.config;

import java.time.Duration;

/**
 * A source database. {@code jdbcUrl} carries no credentials; they come from {@link CredentialsConfig}.
 * The literal URL {@value #EMBEDDED_DEMO} selects the embedded demo PostgreSQL of local mode.
 */
public record SourceConfig(
        String name,
        Engine engine,
        String jdbcUrl,
        CredentialsConfig credentials,
        VpcConfig vpc,
        int readBudget,
        Duration queryTimeout,
        IsolationLevel isolation,
        TlsMode tls,
        int fetchSize) {

    public static final String EMBEDDED_DEMO = "embedded:demo";

    public boolean embeddedDemo() {
        return EMBEDDED_DEMO.equals(jdbcUrl);
    }
}
