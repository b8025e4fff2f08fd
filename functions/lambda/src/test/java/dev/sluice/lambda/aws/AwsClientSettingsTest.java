package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientSettingsTest {

    @Test
    void inAwsOnlyTheRegionIsSetAndNoEndpointOverride() {
        AwsClientSettings settings = AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));

        assertThat(settings.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(settings.s3Endpoint()).isNull();
        assertThat(settings.s3PathStyle()).isFalse();
    }

    @Test
    void anS3ProxyEndpointComesWithPathStyle() {
        AwsClientSettings settings = AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                AwsClientSettings.S3_ENDPOINT, "http://127.0.0.1:9000", AwsClientSettings.S3_PATH_STYLE, "true"));

        assertThat(settings.s3Endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.s3PathStyle()).isTrue();
    }

    @Test
    void missingRegionAndPathStyleWithoutEndpointAreRejectedWithTheFix() {
        assertThatThrownBy(() -> AwsClientSettings.fromEnvironment(Map.of()))
                .hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                AwsClientSettings.S3_PATH_STYLE, "true")))
                .hasMessageContaining(AwsClientSettings.S3_ENDPOINT).hasMessageContaining("unset it");
    }

    @Test
    void aRelativeEndpointIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                AwsClientSettings.SNS_ENDPOINT, "localstack:4566")))
                .hasMessageContaining(AwsClientSettings.SNS_ENDPOINT).hasMessageContaining("absolute URL");
    }

    @Test
    void theWithersReplaceOnlyTheirService() {
        AwsClientSettings base = AwsClientSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                AwsClientSettings.S3_ENDPOINT, "http://127.0.0.1:9000", AwsClientSettings.S3_PATH_STYLE, "true"));

        AwsClientSettings both = base.withSnsEndpoint(URI.create("http://127.0.0.1:9001"))
                .withSecretsManagerEndpoint(URI.create("http://127.0.0.1:9002"));

        assertThat(both.snsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        assertThat(both.secretsManagerEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9002"));
        assertThat(both.s3Endpoint()).isEqualTo(base.s3Endpoint());
        assertThat(both.s3PathStyle()).isTrue();
        assertThat(base.snsEndpoint()).isNull();
    }
}
