package dev.sluice.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TlsMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JdbcConnectionSettingsTest {

    private static final SourceCredentials LOGIN = new SourceCredentials("etl", "s3cr3t-Pa55");

    private static SourceConfig source(Engine engine, String url, TlsMode tls) {
        return new SourceConfig("erp", engine, url, null, null, 4, Duration.ofMinutes(5),
                IsolationLevel.SNAPSHOT, tls, 5000);
    }

    @Test
    void postgresqlVerifiesCertificatesAndHostByDefault() {
        JdbcConnectionSettings s = JdbcConnectionSettings.of(
                source(Engine.POSTGRESQL, "jdbc:postgresql://db.internal:5432/erp", null), LOGIN);
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db.internal:5432/erp");
        assertThat(s.properties().getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(s.properties().getProperty("user")).isEqualTo("etl");
        assertThat(s.properties().getProperty("password")).isEqualTo("s3cr3t-Pa55");
        assertThat(JdbcConnectionSettings.of(source(Engine.POSTGRESQL, "jdbc:postgresql://h/db", TlsMode.REQUIRE),
                LOGIN).properties().getProperty("sslmode")).isEqualTo("require");
        assertThat(JdbcConnectionSettings.of(source(Engine.POSTGRESQL, "jdbc:postgresql://h/db", TlsMode.DISABLE),
                LOGIN).properties().getProperty("sslmode")).isEqualTo("disable");
    }

    @Test
    void sqlServerEncryptsAndTrustsNoCertificateUnlessConfigured() {
        String url = "jdbc:sqlserver://erp.example.com:1433;databaseName=erp;hostNameInCertificate=*.example.com";
        JdbcConnectionSettings verify = JdbcConnectionSettings.of(source(Engine.SQLSERVER, url, TlsMode.VERIFY), LOGIN);
        assertThat(verify.properties().getProperty("encrypt")).isEqualTo("true");
        assertThat(verify.properties().getProperty("trustServerCertificate")).isEqualTo("false");
        assertThat(verify.url()).isEqualTo(url);
        JdbcConnectionSettings require = JdbcConnectionSettings.of(source(Engine.SQLSERVER, url, TlsMode.REQUIRE),
                LOGIN);
        assertThat(require.properties().getProperty("trustServerCertificate")).isEqualTo("true");
        JdbcConnectionSettings off = JdbcConnectionSettings.of(source(Engine.SQLSERVER, url, TlsMode.DISABLE), LOGIN);
        assertThat(off.properties().getProperty("encrypt")).isEqualTo("false");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt() {
        for (String url : new String[] {"jdbc:postgresql://h/db?user=x&password=hunter2",
                "jdbc:sqlserver://h;databaseName=d;Password=hunter2", "jdbc:postgresql://x:hunter2@h/db",
                "jdbc:sqlserver://h;pwd=hunter2"}) {
            Engine engine = url.contains("sqlserver") ? Engine.SQLSERVER : Engine.POSTGRESQL;
            assertThatThrownBy(() -> JdbcConnectionSettings.of(source(engine, url, null), LOGIN))
                    .hasMessageContaining("sources[erp].jdbcUrl carries a password")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void tlsOptionsBelongInConfigNotTheUrl() {
        assertThatThrownBy(() -> JdbcConnectionSettings.of(
                source(Engine.SQLSERVER, "jdbc:sqlserver://h;encrypt=false", null), LOGIN))
                .hasMessageContaining("sources[erp].tls");
        assertThatThrownBy(() -> JdbcConnectionSettings.of(
                source(Engine.POSTGRESQL, "jdbc:postgresql://h/db?sslmode=disable", null), LOGIN))
                .hasMessageContaining("sources[erp].tls");
    }

    @Test
    void neitherToStringNorRedactedUrlsShowSecrets() {
        JdbcConnectionSettings s = JdbcConnectionSettings.of(
                source(Engine.POSTGRESQL, "jdbc:postgresql://db/erp?ApplicationName=x", null), LOGIN);
        assertThat(s.toString()).doesNotContain("s3cr3t").contains("jdbc:postgresql://db/erp");
        assertThat(LOGIN.toString()).doesNotContain("s3cr3t");
        assertThat(JdbcConnectionSettings.redact("jdbc:postgresql://u:pw@db/erp?password=pw"))
                .isEqualTo("jdbc:postgresql://db/erp");
        assertThat(JdbcConnectionSettings.redact("jdbc:sqlserver://db:1433;password=pw")).isEqualTo("jdbc:sqlserver://db:1433");
    }
}
