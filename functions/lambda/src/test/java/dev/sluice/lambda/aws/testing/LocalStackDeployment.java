package dev.sluice.lambda.aws.testing;

import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.source.TableRef;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.AwsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What the LocalStack tier deploys for the runs of one table, in the shape the CDK app gives AWS
 * ({@code dev.sluice.infra.PipelineFunctions}), minus what LocalStack's free edition cannot host:
 * <ul>
 *   <li>{@link #FUNCTIONS}, the steps that only need S3, SNS and Secrets Manager, are Lambda functions of the
 *       shaded jar ({@code <StepId>Handler}, java21), with the config file in the deployment package
 *       ({@value #CONFIG_FILE}; AWS ships it in a layer, which free LocalStack lacks) and endpoint overrides to
 *       LocalStack on the test's Docker network;</li>
 *   <li>{@link #STAND_IN_STEPS}, the steps that call Glue, Athena or the Redshift Data API (not in free LocalStack),
 *       are switched by configuration: their {@code ${<Step>FunctionArn}} is substituted with a Step Functions
 *       activity, which the test works in their place.</li>
 * </ul>
 * The table is {@code demo.sales.orders}, as {@code events/demo/demo.sales.orders.json} names it, read from a
 * PostgreSQL container with the login in a Secrets Manager secret.
 *
 * @param environment     the environment name (function names, {@code SLUICE_ENVIRONMENT})
 * @param bucket          the lake bucket
 * @param topicArn        the notification topic
 * @param sourceJdbcUrl   the source as the functions reach it (on the Docker network)
 * @param sourceSecretArn the source login's secret
 * @param endpoint        LocalStack as the functions reach it (on the Docker network)
 */
public record LocalStackDeployment(String environment, String bucket, String topicArn, String sourceJdbcUrl,
        String sourceSecretArn, URI endpoint) {

    /** The steps deployed as Lambda functions. */
    public static final Set<StepName> FUNCTIONS = Collections.unmodifiableSet(EnumSet.of(StepName.PLAN,
            StepName.EXTRACT_CHUNK, StepName.SEAL_RUN, StepName.COMMIT, StepName.NOTIFY));
    /** The Glue, Athena and Redshift Data steps, whose Tasks are activities in the LocalStack tier. */
    public static final Set<StepName> STAND_IN_STEPS = Collections.unmodifiableSet(EnumSet.complementOf(
            EnumSet.copyOf(FUNCTIONS)));
    /** Where the config file is in the function (the deployment package is unpacked to /var/task). */
    public static final String CONFIG_FILE = "/var/task/config.yaml";
    public static final String SOURCE = "demo";
    public static final TableRef TABLE = new TableRef("sales", "orders");
    /** The role the functions and the state machine run as (LocalStack does not enforce IAM). */
    public static final String ROLE_ARN = "arn:aws:iam::000000000000:role/sluice-localstack";

    /** The environment's config: one PostgreSQL source, the lake, the topic and the one table. */
    public String configYaml() {
        return """
                # Written by the LocalStack tier (LocalStackDeployment); packaged with the functions at %s.
                environment:
                  name: %s
                  account: "000000000000"
                  region: us-east-1
                sources:
                  - name: %s
                    engine: postgresql
                    jdbcUrl: %s
                    credentials:
                      secretArn: %s
                    tls: disable          # the PostgreSQL container serves no TLS; test traffic on a private network
                lake:
                  bucket: %s
                notifications:
                  topicArn: %s
                tables:
                  - source: %s
                    table: %s
                    primaryKey: [order_id]
                    watermark:
                      type: timestamp
                      column: updated_at
                    target:
                      mode: merge
                    chunk:
                      maxRows: 1000       # the smallest chunk config allows: the seeded rows make a few chunks
                """.formatted(CONFIG_FILE, environment, SOURCE, sourceJdbcUrl, sourceSecretArn, bucket, topicArn,
                SOURCE, TABLE);
    }

    /** The function name of {@code step}, as the CDK app names it: {@code sluice-<environment>-<StepId>}. */
    public String functionName(StepName step) {
        return "sluice-" + environment + "-" + step.id();
    }

    /** The handler of {@code step}'s function. */
    public static String handler(StepName step) {
        return "dev.sluice.lambda.handler." + step.id() + "Handler::handleRequest";
    }

    /** The environment of {@code step}'s function: as the CDK app sets it, plus the LocalStack endpoint overrides. */
    public Map<String, String> functionEnvironment(StepName step) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(AwsPipeline.CONFIG_FILE, CONFIG_FILE);
        env.put(AwsPipeline.ENVIRONMENT, environment);
        env.put(AwsPipeline.LAKE_BUCKET, bucket);
        env.put(AwsClientSettings.S3_ENDPOINT, endpoint.toString());
        env.put(AwsClientSettings.S3_PATH_STYLE, "true");
        env.put(AwsClientSettings.SNS_ENDPOINT, endpoint.toString());
        env.put(AwsClientSettings.SECRETSMANAGER_ENDPOINT, endpoint.toString());
        env.put("POWERTOOLS_SERVICE_NAME", "sluice");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR"); // no X-Ray daemon in LocalStack's free edition
        if (step == StepName.NOTIFY) {
            env.put(AwsPipeline.TOPIC_ARN, topicArn);
        }
        return env;
    }

    /**
     * The state machine's substitutions: each step's {@code ${<Step>FunctionArn}} to its resource (a function ARN
     * or, for {@link #STAND_IN_STEPS}, an activity ARN).
     *
     * @throws IllegalArgumentException naming a step without a resource
     */
    public static Map<String, String> substitutions(Map<StepName, String> resources) {
        Map<String, String> values = new LinkedHashMap<>();
        for (StepName step : StepName.values()) {
            String arn = resources.get(step);
            if (arn == null) {
                throw new IllegalArgumentException("no function or activity ARN for step " + step.id());
            }
            values.put(step.id() + "FunctionArn", arn);
        }
        return values;
    }

    /** The resources of {@link #substitutions}: {@code functions} for {@link #FUNCTIONS}, else {@code activities}. */
    public static Map<StepName, String> resources(Map<StepName, String> functions, Map<StepName, String> activities) {
        Map<StepName, String> all = new EnumMap<>(StepName.class);
        FUNCTIONS.forEach(s -> all.put(s, functions.get(s)));
        STAND_IN_STEPS.forEach(s -> all.put(s, activities.get(s)));
        return all;
    }

    /**
     * The functions' deployment package: the shaded jar under {@code lib/} (on the java21 runtime's class path) and
     * the config at the root of {@code /var/task}.
     */
    public byte[] deploymentPackage(Path lambdaJar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("lib/" + lambdaJar.getFileName()));
            Files.copy(lambdaJar, zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(Path.of(CONFIG_FILE).getFileName().toString()));
            zip.write(configYaml().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot package " + lambdaJar + " for LocalStack", e);
        }
        return bytes.toByteArray();
    }
}
