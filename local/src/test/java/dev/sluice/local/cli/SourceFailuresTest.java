package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.CredentialsConfig;
import dev.sluice.core.config.Engine;
import dev.sluice.core.config.SourceConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceFailuresTest {

    private static final SourceConfig SALES = new SourceConfig("sales", Engine.POSTGRESQL,
            "jdbc:postgresql://db.example.com:5432/sales?ApplicationName=x", new CredentialsConfig(null, "SALES_DB"),
            null, 4, null, null, null, 10_000);

    @Test
    void eachKindOfConnectFailureSaysWhatToFix() {
        assertThat(SourceFailures.connect(SALES, 1, new SQLException("FATAL: password authentication failed for "
                + "user \"reader\"", "28P01")).getMessage())
                .isEqualTo("source sales (jdbc:postgresql://db.example.com:5432/sales) rejected the login: FATAL: "
                        + "password authentication failed for user \"reader\". Fix: correct the username and "
                        + "password in environment variable SALES_DB");
        assertThat(SourceFailures.connect(SALES, 1, new SQLException("FATAL: database \"sales\" does not exist",
                "3D000")).getMessage()).endsWith("Fix: name an existing database in sources[1].jdbcUrl");
        assertThat(SourceFailures.connect(SALES, 1, new SQLException("Connection to db.example.com:5432 refused.\n"
                + "Check that the hostname and port are correct.", "08001")).getMessage())
                .contains("is unreachable: Connection to db.example.com:5432 refused. Check that the hostname and "
                        + "port are correct. Fix: check sources[1].jdbcUrl")
                .doesNotContain("\n");
        assertThat(SourceFailures.connect(SALES, 0, new SQLException("No suitable driver found for jdbc:oracle:x",
                "08001")).getMessage()).contains("no JDBC driver accepts this URL");
        assertThat(SourceFailures.connect(SALES, 0, new SQLException("permission denied", "42501")).exitCode())
                .isEqualTo(2);
    }

    @Test
    void urlsLoseTheirQueryAndUserInfo() {
        assertThat(SourceFailures.redact("jdbc:postgresql://u:p@h:5432/db?password=x")).isEqualTo(
                "jdbc:postgresql://h:5432/db");
        assertThat(SourceFailures.redact("jdbc:sqlserver://h:1433;databaseName=Sales;password=x"))
                .isEqualTo("jdbc:sqlserver://h:1433");
    }

    @Test
    void aLoginNeverPrintsItsPassword() {
        CliEnvironment env = new CliEnvironment(Map.of("SALES_DB", "{\"username\":\"reader\",\"password\":\"pw1\"}"),
                Path.of("."), false);
        EnvironmentLogin login = EnvironmentLogin.read(SALES, 0, env);
        assertThat(login.username()).isEqualTo("reader");
        assertThat(login.password()).isEqualTo("pw1");
        assertThat(login.toString()).doesNotContain("pw1");
    }
}
