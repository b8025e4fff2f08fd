package dev.sluice.lambda.aws.testing;

import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.S3ObjectStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3Proxy on a free local port with one bucket, for {@code *IT} tests of the S3 adapters and for local
 * mode's tests (through sluice-lambda's test-jar). Requests are SigV4-signed with fixed test credentials, and the
 * clients come from {@link AwsClientFactory} with the endpoint override and path-style addressing, exactly as local
 * mode configures them. Close it to stop the proxy and the clients.
 */
public final class S3ProxyFixture implements AutoCloseable {

    public static final String ACCESS_KEY = "sluice-test";
    public static final String SECRET_KEY = "sluice-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String bucket;
    private final AwsClientFactory clients;

    private S3ProxyFixture(BlobStore blobStore, String bucket) throws Exception {
        this.bucket = bucket;
        this.proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
            }
            Thread.onSpinWait();
        }
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.clients = new AwsClientFactory(new AwsClientSettings(Region.US_EAST_1, endpoint, true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))));
        clients.s3().createBucket(b -> b.bucket(bucket));
    }

    /** A proxy over an in-memory store, forgotten on close. */
    public static S3ProxyFixture inMemory(String bucket) throws Exception {
        return new S3ProxyFixture(BlobStores.create("transient", new java.util.Properties()), bucket);
    }

    /** A proxy over a directory (as local mode's {@code .sluice/lake}); objects stay there after close. */
    public static S3ProxyFixture onFilesystem(Path directory, String bucket) throws Exception {
        Files.createDirectories(directory);
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        return new S3ProxyFixture(BlobStores.create("filesystem", properties), bucket);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    /** Settings pointing at this proxy (endpoint override, path style, the test credentials). */
    public AwsClientSettings clientSettings() {
        return clients.settings();
    }

    public S3Client s3() {
        return clients.s3();
    }

    /** The lake port over this proxy's bucket. */
    public S3ObjectStore objectStore() {
        return new S3ObjectStore(clients.s3(), bucket);
    }

    @Override
    public void close() throws Exception {
        try {
            clients.close();
        } finally {
            proxy.stop();
        }
    }
}
