package dev.sluice.local.stand;

import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.S3ObjectStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Local mode's lake bucket: an in-process S3Proxy on 127.0.0.1 over a filesystem store (by default
 * {@code .sluice/lake}), reached by the steps through the same {@link S3ObjectStore} adapter that runs in AWS, so
 * conditional writes, multipart uploads and listings behave as they do against S3. An object {@code <key>} of the
 * bucket is the file {@code <directory>/<bucket>/<key>} ({@link #fileOf}): that is how DuckDB, which cannot read
 * {@code s3://} offline, reads the lake's Parquet. Objects outlive the proxy; closing stops the proxy and the SDK
 * clients.
 *
 * <p>The proxy listens on the loopback interface only and signs with fixed local credentials: they protect nothing
 * and are not secrets.
 */
public final class LocalLake implements AutoCloseable {

    /** The lake's directory under the working directory when config does not name another. */
    public static final Path DEFAULT_DIRECTORY = Path.of(".sluice", "lake");

    private static final String ACCESS_KEY = "sluice-local";
    private static final String SECRET_KEY = "sluice-local-lake";
    /** S3 bucket naming rules (lower case letters, digits, '.', '-'; 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final String bucket;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final AwsClientFactory clients;
    private final S3ObjectStore objectStore;

    private LocalLake(Path directory, String bucket, S3Proxy proxy, URI endpoint, AwsClientFactory clients) {
        this.directory = directory;
        this.bucket = bucket;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.clients = clients;
        this.objectStore = new S3ObjectStore(clients.s3(), bucket);
    }

    /**
     * Starts the proxy over {@code directory} (created when absent) and creates {@code bucket} unless it is already
     * there from an earlier run.
     *
     * @param bucket the lake bucket's name from config ({@code lake.bucket})
     */
    public static LocalLake start(Path directory, String bucket) {
        Objects.requireNonNull(directory, "directory");
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("lake.bucket '" + bucket + "' is not an S3 bucket name (3 to 63 lower"
                    + " case letters, digits, '.' and '-'): fix lake.bucket in config");
        }
        Path root = directory.toAbsolutePath().normalize();
        S3Proxy proxy;
        try {
            Files.createDirectories(root);
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", root.toString());
            proxy = S3Proxy.builder()
                    .blobStore(BlobStores.create("filesystem", properties))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("the local lake (S3Proxy over " + root + ") did not start: " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
        AwsClientFactory clients = null;
        try {
            awaitStarted(proxy);
            URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            clients = new AwsClientFactory(new AwsClientSettings(Region.US_EAST_1, endpoint, true,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))));
            ensureBucket(clients, bucket);
            return new LocalLake(root, bucket, proxy, endpoint, clients);
        } catch (RuntimeException e) {
            if (clients != null) {
                clients.close();
            }
            stop(proxy);
            throw e;
        }
    }

    private static void awaitStarted(S3Proxy proxy) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the local lake's S3Proxy did not start within "
                        + START_TIMEOUT.toSeconds() + " s (state " + proxy.getState() + ")");
            }
            Thread.onSpinWait();
        }
    }

    private static void ensureBucket(AwsClientFactory clients, String bucket) {
        try {
            clients.s3().headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException absent) {
            try {
                clients.s3().createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // created meanwhile: what we wanted
            }
        }
    }

    /** The directory the filesystem store keeps buckets in. */
    public Path directory() {
        return directory;
    }

    public String bucket() {
        return bucket;
    }

    /** The proxy's S3 endpoint ({@code http://127.0.0.1:<port>}), for path-style clients. */
    public URI endpoint() {
        return endpoint;
    }

    /** Client settings pointing at the proxy (endpoint override, path style, the local credentials). */
    public AwsClientSettings clientSettings() {
        return clients.settings();
    }

    /** The lake port the steps use: the real S3 adapter over the proxy's bucket. */
    public S3ObjectStore objectStore() {
        return objectStore;
    }

    /** The bucket's directory: {@code <directory>/<bucket>}. */
    public Path bucketDirectory() {
        return directory.resolve(bucket);
    }

    /**
     * The file that holds object {@code key} (or, for a prefix ending in '/', the directory of the objects under it).
     * Keys are the lake layout's: relative, '/'-separated, without '.' or '..' segments.
     */
    public Path fileOf(String key) {
        Objects.requireNonNull(key, "key");
        if (key.startsWith("/") || key.contains("\\") || key.contains("//")) {
            throw new IllegalArgumentException("lake key '" + key + "' is not a relative '/'-separated object key");
        }
        Path bucketDirectory = bucketDirectory();
        Path file = bucketDirectory;
        for (String segment : key.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("lake key '" + key + "' has a '" + segment + "' segment");
            }
            file = file.resolve(segment);
        }
        return file;
    }

    /**
     * The key of an {@code s3://<bucket>/<key>} location in this lake, e.g. a partition location the catalog is
     * given.
     */
    public String keyOf(String s3Location) {
        String prefix = "s3://" + bucket + "/";
        if (s3Location == null || !s3Location.startsWith(prefix)) {
            throw new IllegalArgumentException("location '" + s3Location + "' is not in the local lake bucket "
                    + bucket + " (expected " + prefix + "...)");
        }
        return s3Location.substring(prefix.length());
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            stop(proxy);
        }
    }

    private static void stop(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the local lake's S3Proxy did not stop: " + e.getMessage(), e);
        }
    }
}
