package dev.sluice.lambda.aws;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the AWS SDK clients of one process once (at cold start), all on one explicitly chosen HTTP client (Apache)
 * and an explicit region. An endpoint override and path-style addressing are applied only when the settings name
 * them. Closing the factory closes the clients and the HTTP client.
 */
public final class AwsClientFactory implements AutoCloseable {

    private final AwsClientSettings settings;
    private final SdkHttpClient http;
    private S3Client s3;
    private GlueApi glue;
    private AthenaClient athena;
    private RedshiftDataClient redshiftData;
    private SnsClient sns;
    private SecretsManagerClient secretsManager;

    public AwsClientFactory(AwsClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    public AwsClientSettings settings() {
        return settings;
    }

    /**
     * The S3 client. Checksums are computed by Sluice itself (CRC32C, sent with every PUT and part and verified by
     * S3), so the SDK adds its own only where S3 requires one; that also keeps uploads free of aws-chunked trailers,
     * which not every S3-compatible store accepts.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            S3ClientBuilder builder = S3Client.builder()
                    .httpClient(http)
                    .region(settings.region())
                    .credentialsProvider(settings.credentials())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            if (settings.s3Endpoint() != null) {
                builder.endpointOverride(settings.s3Endpoint()).forcePathStyle(settings.s3PathStyle());
            }
            s3 = builder.build();
        }
        return s3;
    }

    /**
     * The Glue Data Catalog client (crawlers, tables, partitions) on the same HTTP client, region and credentials,
     * on the regional endpoint unless the settings name an override.
     */
    public synchronized GlueApi glue() {
        if (glue == null) {
            glue = new GlueApi(http, settings.region(), settings.glueEndpoint(), settings.credentials());
        }
        return glue;
    }

    /** The Athena client (validation queries), on the regional endpoint. */
    public synchronized AthenaClient athena() {
        if (athena == null) {
            athena = AthenaClient.builder().httpClient(http).region(settings.region())
                    .credentialsProvider(settings.credentials()).build();
        }
        return athena;
    }

    /** The Redshift Data API client (load batches), on the regional endpoint. */
    public synchronized RedshiftDataClient redshiftData() {
        if (redshiftData == null) {
            redshiftData = RedshiftDataClient.builder().httpClient(http).region(settings.region())
                    .credentialsProvider(settings.credentials()).build();
        }
        return redshiftData;
    }

    /** The SNS client (run notifications), on the regional endpoint unless the settings name an override. */
    public synchronized SnsClient sns() {
        if (sns == null) {
            SnsClientBuilder builder = SnsClient.builder().httpClient(http).region(settings.region())
                    .credentialsProvider(settings.credentials());
            if (settings.snsEndpoint() != null) {
                builder.endpointOverride(settings.snsEndpoint());
            }
            sns = builder.build();
        }
        return sns;
    }

    /** The Secrets Manager client (source logins), on the regional endpoint unless the settings name an override. */
    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(http)
                    .region(settings.region()).credentialsProvider(settings.credentials());
            if (settings.secretsManagerEndpoint() != null) {
                builder.endpointOverride(settings.secretsManagerEndpoint());
            }
            secretsManager = builder.build();
        }
        return secretsManager;
    }

    @Override
    public synchronized void close() {
        for (SdkAutoCloseable client : new SdkAutoCloseable[] {s3, athena, redshiftData, sns, secretsManager}) {
            if (client != null) {
                client.close();
            }
        }
        http.close();
    }
}
