package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sluice.core.config.CredentialsConfig;
import dev.sluice.core.config.Engine;
import dev.sluice.core.config.IsolationLevel;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.TlsMode;
import dev.sluice.core.failure.ConfigurationFailure;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class SecretSourceConnectionsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/dev/pg-Ab12Cd";

    private static SourceConfig source(String url, String secretArn) {
        return new SourceConfig("orders", Engine.POSTGRESQL, url, new CredentialsConfig(secretArn, null), null, 2,
                Duration.ofMinutes(1), IsolationLevel.READ_COMMITTED, TlsMode.DISABLE, 1000);
    }

    @Test
    void opensThroughTheDriverWithTheLoginOutOfTheUrl() throws Exception {
        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(GetSecretValueRequest.class))).thenReturn(GetSecretValueResponse.builder()
                .secretString("{\"username\": \"reader\", \"password\": \"pw-secret-1\"}").build());
        SecretSourceConnections connections = new SecretSourceConnections(
                new SecretsManagerCredentials(client, Clock.systemUTC(), Duration.ofMinutes(5)));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> connections.of(source("jdbc:postgresql://127.0.0.1:" + closedPort + "/orders", ARN)).open());

        // The PostgreSQL driver was reached (connection refused: SQLSTATE 08001) with a login from the secret.
        assertThat(refused.getSQLState()).isEqualTo("08001");
        assertThat(refused.getMessage()).doesNotContain("pw-secret-1");
        verify(client, times(1)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void theEmbeddedDemoAndAUrlCarryingAPasswordAreConfigurationFailures() {
        SecretSourceConnections connections = new SecretSourceConnections(new SecretsManagerCredentials(
                mock(SecretsManagerClient.class), Clock.systemUTC(), Duration.ofMinutes(5)));
        assertThatThrownBy(() -> connections.of(source(SourceConfig.EMBEDDED_DEMO, ARN)))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("sources[orders].jdbcUrl is embedded:demo");

        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(GetSecretValueRequest.class))).thenReturn(GetSecretValueResponse.builder()
                .secretString("{\"username\": \"reader\", \"password\": \"pw\"}").build());
        SecretSourceConnections withLogin = new SecretSourceConnections(
                new SecretsManagerCredentials(client, Clock.systemUTC(), Duration.ofMinutes(5)));
        assertThatThrownBy(() -> withLogin.of(source("jdbc:postgresql://db/orders?password=inline", ARN)).open())
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("carries a password")
                .hasMessageNotContaining("inline");
    }
}
