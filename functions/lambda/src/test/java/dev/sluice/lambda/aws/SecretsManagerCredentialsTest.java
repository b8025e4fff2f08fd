package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.source.SourceCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class SecretsManagerCredentialsTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/dev/sales-Ab12Cd";
    private static final String PASSWORD = "pw-7f3a!Zq";

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static SecretsManagerClient secretHolding(String value) {
        SecretsManagerClient client = mock(SecretsManagerClient.class);
        when(client.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(GetSecretValueResponse.builder().arn(ARN).secretString(value).build());
        return client;
    }

    @Test
    void readsTheLoginOnceAndReusesItForTheTtl() {
        SecretsManagerClient client = secretHolding(
                "{\"engine\": \"sqlserver\", \"username\": \"sluice_reader\", \"password\": \"" + PASSWORD + "\"}");
        TestClock clock = new TestClock();
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(client, clock, Duration.ofMinutes(5));

        SourceCredentials first = credentials.credentials("sales", ARN);
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        SourceCredentials second = credentials.credentials("sales", ARN);

        assertThat(first).isEqualTo(new SourceCredentials("sluice_reader", PASSWORD));
        assertThat(second).isSameAs(first);
        verify(client, times(1)).getSecretValue(any(GetSecretValueRequest.class));

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        credentials.credentials("sales", ARN);
        verify(client, times(2)).getSecretValue(any(GetSecretValueRequest.class));

        credentials.invalidate(ARN);
        credentials.credentials("sales", ARN);
        verify(client, times(3)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(
                secretHolding("{\"username\": \"sluice_reader\", \"password\": \"" + PASSWORD + "\"}"),
                new TestClock(), Duration.ofMinutes(5));

        SourceCredentials login = credentials.credentials("sales", ARN);

        assertThat(login.toString()).doesNotContain(PASSWORD).contains("sluice_reader");
        assertThat(credentials.toString()).doesNotContain(PASSWORD).contains(ARN);
    }

    @Test
    void aSecretThatIsNotALoginIsASourceFailureThatQuotesNothingOfIt() {
        for (String value : new String[] {"user=sluice_reader;password=" + PASSWORD,
                "{\"username\": \"sluice_reader\", \"pass\": \"" + PASSWORD + "\"}",
                "{\"username\": \"sluice_reader\", \"password\": \"" + PASSWORD}) {
            SecretsManagerCredentials credentials = new SecretsManagerCredentials(secretHolding(value),
                    new TestClock(), Duration.ofMinutes(5));
            assertThatThrownBy(() -> credentials.credentials("sales", ARN))
                    .as(value)
                    .isExactlyInstanceOf(SourceFailure.class)
                    .hasMessageContaining("secret " + ARN + " of source sales")
                    .hasMessageNotContaining(PASSWORD)
                    .hasNoCause();
        }
    }

    @Test
    void aMissingOrForbiddenSecretIsASourceFailureAndThrottlingIsTransient() {
        SecretsManagerClient missing = mock(SecretsManagerClient.class);
        when(missing.getSecretValue(any(GetSecretValueRequest.class))).thenThrow(
                error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        assertThatThrownBy(() -> new SecretsManagerCredentials(missing, new TestClock(), Duration.ofMinutes(5))
                .credentials("sales", ARN))
                .isExactlyInstanceOf(SourceFailure.class)
                .hasMessageContaining("cannot read the login of source sales from secret " + ARN)
                .hasMessageContaining("secretsmanager:GetSecretValue");

        SecretsManagerClient throttled = mock(SecretsManagerClient.class);
        when(throttled.getSecretValue(any(GetSecretValueRequest.class))).thenThrow(
                error(400, "ThrottlingException", "Rate exceeded"));
        assertThatThrownBy(() -> new SecretsManagerCredentials(throttled, new TestClock(), Duration.ofMinutes(5))
                .credentials("sales", ARN))
                .isExactlyInstanceOf(TransientFailure.class);
    }

    @Test
    void aSourceWithoutASecretArnIsAConfigurationFailure() {
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(mock(SecretsManagerClient.class),
                new TestClock(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> credentials.credentials("sales", null))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("sources[sales].credentials.secretArn is not set");
    }

    private static SecretsManagerException error(int status, String code, String message) {
        return (SecretsManagerException) SecretsManagerException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

}
