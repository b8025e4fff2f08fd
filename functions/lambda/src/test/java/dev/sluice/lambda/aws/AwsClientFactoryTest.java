package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsClientFactoryTest {

    @Test
    void eachClientIsBuiltOnceForTheConfiguredRegion() {
        AwsClientSettings settings = new AwsClientSettings(Region.EU_WEST_1, null, false,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")));
        try (AwsClientFactory factory = new AwsClientFactory(settings)) {
            assertThat(factory.glue()).isSameAs(factory.glue());
            assertThat(factory.athena()).isSameAs(factory.athena());
            assertThat(factory.redshiftData()).isSameAs(factory.redshiftData());
            assertThat(factory.glue().endpoint()).isEqualTo(java.net.URI.create("https://glue.eu-west-1.amazonaws.com"));
            assertThat(factory.athena().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(factory.redshiftData().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void aGlueEndpointOverrideIsUsedOnlyWhenConfigured() {
        AwsClientSettings settings = AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                AwsClientSettings.GLUE_ENDPOINT, "http://localhost:4566"));
        try (AwsClientFactory factory = new AwsClientFactory(settings)) {
            assertThat(factory.glue().endpoint()).isEqualTo(java.net.URI.create("http://localhost:4566"));
        }
    }

    @Test
    void fromEnvironmentReadsTheLambdaRegion() {
        assertThat(AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-central-1")).region())
                .isEqualTo(Region.EU_CENTRAL_1);
    }

    @Test
    void snsAndSecretsManagerOverridesComeFromTheEnvironmentAndReachTheClients() {
        AwsClientSettings settings = AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                AwsClientSettings.SNS_ENDPOINT, "http://localstack:4566",
                AwsClientSettings.SECRETSMANAGER_ENDPOINT, " http://127.0.0.1:4567 "));
        try (AwsClientFactory factory = new AwsClientFactory(settings)) {
            assertThat(factory.sns().serviceClientConfiguration().endpointOverride())
                    .contains(java.net.URI.create("http://localstack:4566"));
            assertThat(factory.secretsManager().serviceClientConfiguration().endpointOverride())
                    .contains(java.net.URI.create("http://127.0.0.1:4567"));
        }
    }

    @Test
    void withoutOverridesSnsAndSecretsManagerUseTheRegionalEndpoints() {
        try (AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.fromEnvironment(
                Map.of("AWS_REGION", "eu-west-1")))) {
            assertThat(factory.sns().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(factory.secretsManager().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(factory.sns().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }
}
