package dev.sluice.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's contract without a database: version and help, exit codes, and the one-line messages for bad input
 * that is detected before (or instead of) reaching a source.
 */
class SluiceCliTest {

    @TempDir
    Path dir;

    @Test
    void versionAndHelpWork() {
        CliRun version = CliRun.of(dir, Map.of(), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("sluice 0.1.0-SNAPSHOT").contains("java ");

        CliRun help = CliRun.of(dir, Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: sluice").contains("plan").contains("--verbose");

        CliRun planHelp = CliRun.of(dir, Map.of(), "plan", "--help");
        assertThat(planHelp.exitCode()).isZero();
        assertThat(planHelp.out()).contains("--config=FILE").contains("--table=SCHEMA.TABLE").contains("--json")
                .contains("--rows=N").contains("generate 200000 orders");
    }

    @Test
    void noCommandOrAnUnknownOptionIsBadInput() {
        CliRun none = CliRun.of(dir, Map.of());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errorLines()).singleElement().asString().contains("a command is required");

        CliRun unknown = CliRun.of(dir, Map.of(), "plan", "--config", "x.yaml", "--colour");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errorLines()).singleElement().asString().contains("--colour")
                .contains("sluice plan --help");

        CliRun noConfig = CliRun.of(dir, Map.of(), "plan");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.errorLines()).singleElement().asString().contains("--config");
    }

    @Test
    void aMissingConfigFileIsOneLineNamingIt() {
        CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "config/nope.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("sluice: config file config/nope.yaml does not exist")
                .contains("--config");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anInvalidConfigIsOneLineNamingThePathAndTheFix() {
        String yaml = TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS)
                .replace("  bucket: sluice-test-lake", "  bucket: sluice-test-lake\n  buckett: typo");
        TestConfigs.write(dir, "bad.yaml", yaml);
        CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "bad.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString().startsWith("sluice: bad.yaml: ")
                .contains("buckett").contains("Fix:");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void verboseAddsTheStackTrace() {
        String yaml = TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS)
                .replace("  bucket: sluice-test-lake", "  bucket: sluice-test-lake\n  buckett: typo");
        TestConfigs.write(dir, "bad.yaml", yaml);
        CliRun run = CliRun.of(dir, Map.of(), "--verbose", "plan", "--config", "bad.yaml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("ConfigException").contains("\tat ");
    }

    @Test
    void anUnknownTableIsOneLineListingTheConfiguredOnes() {
        TestConfigs.write(dir, "demo.yaml", TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS,
                TestConfigs.ORDER_LINES));
        CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "demo.yaml", "--table", "sales.invoices");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .isEqualTo("sluice: --table sales.invoices is not a table of demo.yaml: its tables are "
                        + "sales.orders, sales.order_lines");
        assertThat(dir.resolve(".sluice")).as("no demo database started for a bad --table").doesNotExist();
    }

    @Test
    void aMissingCredentialsVariableIsOneLineNamingIt() {
        TestConfigs.write(dir, "jdbc.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:5432/postgres", "SLUICE_TEST_NO_SUCH_LOGIN"),
                TestConfigs.ORDERS));
        CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "jdbc.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString()
                .contains("environment variable SLUICE_TEST_NO_SUCH_LOGIN")
                .contains("sources[0].credentials.env").contains("is not set").contains("export");
    }

    @Test
    void credentialsThatAreNotTheLoginJsonAreRejectedWithoutEchoingThem() {
        TestConfigs.write(dir, "jdbc.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:5432/postgres", "SLUICE_TEST_LOGIN"),
                TestConfigs.ORDERS));
        CliRun notJson = CliRun.of(dir, Map.of("SLUICE_TEST_LOGIN", "hunter2-secret"), "plan", "--config",
                "jdbc.yaml");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.errorLines()).singleElement().asString().contains("is not JSON")
                .doesNotContain("hunter2");

        CliRun noPassword = CliRun.of(dir, Map.of("SLUICE_TEST_LOGIN", "{\"username\":\"u\",\"pw\":\"hunter2\"}"),
                "plan", "--config", "jdbc.yaml");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.errorLines()).singleElement().asString().contains("username and password")
                .doesNotContain("hunter2");
    }

    @Test
    void anUnreachableSourceIsOneLineNamingItAndTheFix() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TestConfigs.write(dir, "jdbc.yaml", TestConfigs.config(
                TestConfigs.jdbcSource("jdbc:postgresql://localhost:" + closedPort + "/sales", "SLUICE_TEST_LOGIN"),
                TestConfigs.ORDERS));
        CliRun run = CliRun.of(dir, Map.of("SLUICE_TEST_LOGIN", "{\"username\":\"reader\",\"password\":\"s3cr3t\"}"),
                "plan", "--config", "jdbc.yaml");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLines()).singleElement().asString()
                .startsWith("sluice: source demo (jdbc:postgresql://localhost:" + closedPort + "/sales) is unreachable")
                .contains("Fix: check sources[0].jdbcUrl")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aDemoSizeOutOfRangeIsBadInput() {
        TestConfigs.write(dir, "demo.yaml", TestConfigs.config(TestConfigs.EMBEDDED_SOURCE, TestConfigs.ORDERS));
        CliRun run = CliRun.of(dir, Map.of(), "plan", "--config", "demo.yaml", "--rows", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLines()).singleElement().asString().contains("--rows").contains("100");
    }
}
