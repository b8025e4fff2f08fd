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
 * @param region           the AWS region
 * @param s3Endpoint       an S3 endpoint override, or null for the regional AWS endpoint
 * @param s3PathStyle      path-style bucket addressing (needed by S3Proxy); only meaningful with an override
 * @param credentials      the credentials provider
 * @param glueEndpoint     a Glue endpoint override (LocalStack, a test server), or null for the regional endpoint
 */
public record AwsClientSettings(Region region, URI s3Endpoint, boolean s3PathStyle,
        AwsCredentialsProvider credentials, URI glueEndpoint) {

    /** Environment variable naming an S3 endpoint override (optional). */
    public static final String S3_ENDPOINT = "SLUICE_S3_ENDPOINT";
    /** Environment variable: {@code true} for path-style S3 addressing (optional, with an endpoint override). */
    public static final String S3_PATH_STYLE = "SLUICE_S3_PATH_STYLE";
    /** Environment variable naming a Glue endpoint override (optional). */
    public static final String GLUE_ENDPOINT = "SLUICE_GLUE_ENDPOINT";

    public AwsClientSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (s3PathStyle && s3Endpoint == null) {
            throw new IllegalArgumentException(S3_PATH_STYLE + " is set without " + S3_ENDPOINT
                    + ": path-style addressing is only for an S3-compatible endpoint such as S3Proxy; unset it");
        }
    }

    /** Settings on the regional Glue endpoint. */
    public AwsClientSettings(Region region, URI s3Endpoint, boolean s3PathStyle, AwsCredentialsProvider credentials) {
        this(region, s3Endpoint, s3PathStyle, credentials, null);
    }

    /**
     * Settings from the Lambda environment: {@code AWS_REGION} (set by Lambda), and optionally
     * {@value #S3_ENDPOINT}, {@value #S3_PATH_STYLE} and {@value #GLUE_ENDPOINT}.
     */
    public static AwsClientSettings fromEnvironment(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it; elsewhere export AWS_REGION");
        }
        String endpoint = environment.get(S3_ENDPOINT);
        URI s3Endpoint = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
        boolean pathStyle = Boolean.parseBoolean(environment.getOrDefault(S3_PATH_STYLE, "false").strip());
        String glue = environment.get(GLUE_ENDPOINT);
        URI glueEndpoint = glue == null || glue.isBlank() ? null : URI.create(glue.strip());
        return new AwsClientSettings(Region.of(region.strip()), s3Endpoint, pathStyle,
                DefaultCredentialsProvider.builder().build(), glueEndpoint);
    }
}
