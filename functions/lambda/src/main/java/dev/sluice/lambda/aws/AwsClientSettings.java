package dev.sluice.lambda.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How the AWS clients of one process are built: the region, and an endpoint override with path-style addressing
 * only when configuration names one (S3Proxy in local mode and tests, LocalStack). Credentials come from the default
 * provider chain (the Lambda role) unless a provider is given; they are never part of configuration.
 *
 * <p>Overrides are per service because the two non-AWS worlds differ: LocalStack answers S3, SNS and Secrets Manager
 * on one edge port, while the in-process stand-ins of the integration tests listen on one port each.
 *
 * @param region           the AWS region
 * @param s3Endpoint       an S3 endpoint override, or null for the regional AWS endpoint
 * @param s3PathStyle      path-style bucket addressing (needed by S3Proxy); only meaningful with an override
 * @param credentials      the credentials provider
 * @param glueEndpoint     a Glue endpoint override (LocalStack, a test server), or null for the regional endpoint
 * @param snsEndpoint      an SNS endpoint override (LocalStack, a test server), or null for the regional endpoint
 * @param secretsManagerEndpoint a Secrets Manager endpoint override (LocalStack), or null for the regional endpoint
 */
public record AwsClientSettings(Region region, URI s3Endpoint, boolean s3PathStyle,
        AwsCredentialsProvider credentials, URI glueEndpoint, URI snsEndpoint, URI secretsManagerEndpoint) {

    /** Environment variable naming an S3 endpoint override (optional). */
    public static final String S3_ENDPOINT = "SLUICE_S3_ENDPOINT";
    /** Environment variable: {@code true} for path-style S3 addressing (optional, with an endpoint override). */
    public static final String S3_PATH_STYLE = "SLUICE_S3_PATH_STYLE";
    /** Environment variable naming a Glue endpoint override (optional). */
    public static final String GLUE_ENDPOINT = "SLUICE_GLUE_ENDPOINT";
    /** Environment variable naming an SNS endpoint override (optional). */
    public static final String SNS_ENDPOINT = "SLUICE_SNS_ENDPOINT";
    /** Environment variable naming a Secrets Manager endpoint override (optional). */
    public static final String SECRETSMANAGER_ENDPOINT = "SLUICE_SECRETSMANAGER_ENDPOINT";

    public AwsClientSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (s3PathStyle && s3Endpoint == null) {
            throw new IllegalArgumentException(S3_PATH_STYLE + " is set without " + S3_ENDPOINT
                    + ": path-style addressing is only for an S3-compatible endpoint such as S3Proxy; unset it");
        }
    }

    /** Settings on the regional SNS and Secrets Manager endpoints. */
    public AwsClientSettings(Region region, URI s3Endpoint, boolean s3PathStyle, AwsCredentialsProvider credentials,
            URI glueEndpoint) {
        this(region, s3Endpoint, s3PathStyle, credentials, glueEndpoint, null, null);
    }

    /** Settings on the regional Glue, SNS and Secrets Manager endpoints. */
    public AwsClientSettings(Region region, URI s3Endpoint, boolean s3PathStyle, AwsCredentialsProvider credentials) {
        this(region, s3Endpoint, s3PathStyle, credentials, null);
    }

    /** These settings with SNS at {@code endpoint} (null: the regional endpoint). */
    public AwsClientSettings withSnsEndpoint(URI endpoint) {
        return new AwsClientSettings(region, s3Endpoint, s3PathStyle, credentials, glueEndpoint, endpoint,
                secretsManagerEndpoint);
    }

    /** These settings with Secrets Manager at {@code endpoint} (null: the regional endpoint). */
    public AwsClientSettings withSecretsManagerEndpoint(URI endpoint) {
        return new AwsClientSettings(region, s3Endpoint, s3PathStyle, credentials, glueEndpoint, snsEndpoint,
                endpoint);
    }

    /**
     * Settings from the Lambda environment: {@code AWS_REGION} (set by Lambda), and optionally
     * {@value #S3_ENDPOINT}, {@value #S3_PATH_STYLE}, {@value #GLUE_ENDPOINT}, {@value #SNS_ENDPOINT} and
     * {@value #SECRETSMANAGER_ENDPOINT}.
     */
    public static AwsClientSettings fromEnvironment(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it; elsewhere export AWS_REGION");
        }
        boolean pathStyle = Boolean.parseBoolean(environment.getOrDefault(S3_PATH_STYLE, "false").strip());
        return new AwsClientSettings(Region.of(region.strip()), endpoint(environment, S3_ENDPOINT), pathStyle,
                DefaultCredentialsProvider.builder().build(), endpoint(environment, GLUE_ENDPOINT),
                endpoint(environment, SNS_ENDPOINT), endpoint(environment, SECRETSMANAGER_ENDPOINT));
    }

    private static URI endpoint(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri = URI.create(value.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " is '" + value.strip() + "', not an absolute URL such as"
                    + " http://localhost:4566: fix it, or unset it for the regional AWS endpoint");
        }
        return uri;
    }
}
