package dev.sluice.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.lang.reflect.Proxy;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded Lambda jar as {@code package} built it ({@code target/sluice-lambda.jar}, what the CDK app deploys):
 * its size, its contents and that its classes load on their own.
 */
class LambdaJarIT {

    /**
     * A regression guard on the zipped size: the jar measured 53.5 MB (51.1 MiB) with the Glue, S3, Athena, Redshift
     * Data, SNS and Secrets Manager clients, Parquet with the Hadoop classes it loads, both JDBC drivers, log4j and
     * the X-Ray recorder. Growth beyond this needs a look at the dependency tree, not a higher number.
     */
    static final long MAX_BYTES = 55L * 1024 * 1024;
    /** Lambda's hard limit for a function's unzipped code and layers (CDK deploys the jar through S3). */
    static final long MAX_UNZIPPED_BYTES = 250L * 1000 * 1000;
    private static final Pattern NATIVE = Pattern.compile("(?i).*\\.(so|dll|dylib|jnilib|a)$");
    private static final Pattern FOREIGN_PLATFORM = Pattern.compile("(?i).*(darwin|osx|mac|win|windows|freebsd|aix"
            + "|sunos|android|musl).*");

    static Path jar;
    static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        jar = Path.of(System.getProperty("sluice.lambdaJar", "target/sluice-lambda.jar"));
        assertThat(jar).as("run `./mvnw -pl functions/lambda -am verify`: package builds the jar").isRegularFile();
        entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(ZipEntry::getName).forEach(entries::add);
        }
        System.out.printf("Lambda jar %s: %,d bytes (%.1f MB), %,d entries%n", jar, Files.size(jar),
                Files.size(jar) / 1024.0 / 1024.0, entries.size());
    }

    @Test
    void isSmallEnoughForLambda() throws IOException {
        long unzipped = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var e = file.entries(); e.hasMoreElements(); ) {
                unzipped += e.nextElement().getSize();
            }
        }
        System.out.printf("Lambda jar unzipped: %,d bytes (%.1f MB)%n", unzipped, unzipped / 1e6);
        assertThat(Files.size(jar)).isLessThanOrEqualTo(MAX_BYTES);
        assertThat(unzipped).isLessThanOrEqualTo(MAX_UNZIPPED_BYTES);
    }

    @Test
    void holdsTheHandlersTheCoreAndTheDrivers() {
        assertThat(entries).contains("dev/sluice/lambda/handler/StepHandler.class",
                "dev/sluice/lambda/aws/AwsPipeline.class",
                "dev/sluice/core/pipeline/PipelineStep.class",
                "dev/sluice/core/failure/TransientFailure.class",
                "org/postgresql/Driver.class",
                "com/microsoft/sqlserver/jdbc/SQLServerDriver.class",
                "log4j2.xml", "LambdaJsonLayout.json");
        assertThat(entries).noneMatch(e -> e.startsWith("org/duckdb/"));
        assertThat(entries).noneMatch(e -> e.startsWith("org/gaul/s3proxy/"));
    }

    @Test
    void keepsOnlyLinuxNativesForX86AndArm() {
        List<String> natives = entries.stream().filter(e -> NATIVE.matcher(e).matches()).toList();

        assertThat(natives).isNotEmpty();
        assertThat(natives).noneMatch(e -> FOREIGN_PLATFORM.matcher(e).matches());
        assertThat(natives).allSatisfy(e -> assertThat(e.toLowerCase(Locale.ROOT)).containsPattern(
                "linux/(x86_64|amd64|aarch64)/"));
        assertThat(natives).anyMatch(e -> e.contains("zstd-jni") && e.contains("linux/amd64/"))
                .anyMatch(e -> e.contains("snappy") && e.contains("Linux/x86_64/"));
    }

    @Test
    void carriesNoSignaturesAndMergedServiceFiles() throws IOException {
        assertThat(entries).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
        try (JarFile file = new JarFile(jar.toFile())) {
            String drivers = read(file, "META-INF/services/java.sql.Driver");
            assertThat(drivers).contains("org.postgresql.Driver").contains("com.microsoft.sqlserver.jdbc.SQLServerDriver");
            String plugins = read(file, "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
            assertThat(plugins.toLowerCase(Locale.ROOT)).contains("jsontemplatelayout").contains("console");
        }
    }

    @Test
    void loadsAHandlerFromTheJarAlone() throws Exception {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, platform)) {
            Class<?> handler = Class.forName("dev.sluice.lambda.handler.StepHandler", true, loader);
            Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler",
                    false, loader);
            assertThat(handler.getClassLoader()).isSameAs(loader);
            assertThat(streamHandler.isAssignableFrom(handler)).isTrue();

            Class.forName("dev.sluice.lambda.aws.AwsPipeline", true, loader);
            Class.forName("dev.sluice.lambda.handler.XRayStepTracer", true, loader);
            Class.forName("dev.sluice.lambda.handler.LambdaLogging", true, loader);
            Class.forName("software.amazon.lambda.powertools.metrics.MetricsFactory", true, loader);

            // The Parquet write path (codecs, natives, the Hadoop classes Parquet loads) from the jar alone.
            @SuppressWarnings("unchecked")
            Map<String, Integer> sizes = (Map<String, Integer>) Class.forName(
                    "dev.sluice.lambda.handler.SnapStartPriming", true, loader).getMethod("prime").invoke(null);
            assertThat(sizes).containsOnlyKeys("ZSTD", "SNAPPY");
            assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isGreaterThan(200));

            // Powertools logging around an invocation, as the runtime calls it (a Context from the jar's API).
            Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
            Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getAwsRequestId" -> "req-1";
                        case "getFunctionName" -> "sluice-dev-Plan";
                        case "getFunctionVersion" -> "1";
                        case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:123456789012:function:sluice-dev-Plan";
                        case "getMemoryLimitInMB", "getRemainingTimeInMillis" -> 512;
                        case "toString" -> "test context";
                        default -> null;
                    });
            Class<?> logging = Class.forName("dev.sluice.lambda.handler.LambdaLogging", true, loader);
            Method with = logging.getDeclaredMethod("with", contextType, Supplier.class);
            with.setAccessible(true);
            // Powertools finds its log4j binding with ServiceLoader on the context class loader, which in Lambda
            // is the function's own loader.
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                assertThat(with.invoke(null, context, (Supplier<String>) () -> "ran")).isEqualTo("ran");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }

            Method redact = Class.forName("dev.sluice.lambda.handler.SecretRedaction", true, loader)
                    .getMethod("redact", String.class);
            assertThat(redact.invoke(null, "jdbc:postgresql://db/x?password=p")).isEqualTo(
                    "jdbc:postgresql://db/x?password=***");
        }
    }

    private static String read(JarFile file, String name) throws IOException {
        ZipEntry entry = file.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = file.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
