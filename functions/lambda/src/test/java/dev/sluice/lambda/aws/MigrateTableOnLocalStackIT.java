package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.FailureClass;
import dev.sluice.core.lake.ChunkManifest;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.state.ManifestStore;
import dev.sluice.core.state.RunManifest;
import dev.sluice.core.state.WatermarkStore;
import dev.sluice.lambda.aws.testing.AslDefinition;
import dev.sluice.lambda.aws.testing.AwsWorld;
import dev.sluice.lambda.aws.testing.LocalStackDeployment;
import dev.sluice.lambda.aws.testing.LocalStackOnly;
import dev.sluice.lambda.aws.testing.LocalStackWorld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * One run of {@code demo.sales.orders} on LocalStack, started from {@code events/demo/demo.sales.orders.json}: the
 * shaded Lambda jar deployed as the Plan, ExtractChunk, SealRun, Commit and Notify functions, the real
 * {@code statemachines/migrate-table.asl.json} with its substitutions, a PostgreSQL source in a container on the
 * same Docker network, its login in Secrets Manager, the lake in S3, notifications on SNS (read through SQS).
 *
 * <p><b>Stand-ins:</b> Glue, Athena and the Redshift Data API are not in LocalStack's free edition. Their six steps
 * (StartCrawler ... CheckLoad) are switched by configuration: their Task resources are Step Functions activities,
 * which this test works in their place. It checks the lake when the run reaches StartCrawler (the run is extracted
 * and sealed: Parquet objects, chunk manifests, run manifest, no watermark yet), then fails that step the way a
 * misconfigured catalog would ({@link ConfigurationFailure}), and checks the failure path: the SNS message
 * (class, step, run, table), the execution failing with the original class, and the watermark still unmoved. The
 * catalog, validation, load and commit steps themselves run end to end in local mode's tests, against its DuckDB
 * stand-ins (sluice-local {@code MigrateTableIT}).
 */
@LocalStackOnly
class MigrateTableOnLocalStackIT {

    private static final int ROWS = 2_500;
    private static final String LAMBDA_RUNTIME_IMAGE = "public.ecr.aws/lambda/java:21";
    private static final String READER_PASSWORD = "reader-" + Long.toString(System.nanoTime(), 36);
    private static final String ADMIN_PASSWORD = "admin-" + Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStackWorld world;
    private static GenericContainer<?> source;
    private static SfnClient sfn;
    private static LambdaClient lambda;
    private static ObjectStore lake;
    private static LakeLayout layout;
    private static AwsWorld.Topic topic;
    private static Map<StepName, String> activities;
    private static String stateMachineArn;

    @BeforeAll
    static void deploy(LocalStackWorld localStack) throws Exception {
        world = localStack;
        // LocalStack runs java21 functions in this image: pulled here, a first pull does not eat into the functions'
        // start-up timeout.
        new RemoteDockerImage(DockerImageName.parse(LAMBDA_RUNTIME_IMAGE)).get();
        startSource();

        String secretArn = world.clients().secretsManager().createSecret(b -> b
                .name(AwsWorld.uniqueName("sluice/localstack/demo"))
                .secretString(JSON.createObjectNode().put("username", "sluice_reader")
                        .put("password", READER_PASSWORD).toString())).arn();
        String bucket = AwsWorld.uniqueName("sluice-ls-lake");
        lake = world.createBucket(bucket);
        layout = new LakeLayout(bucket, null, null);
        topic = world.createTopic(AwsWorld.uniqueName("sluice-ls-alerts"));
        LocalStackDeployment deployment = new LocalStackDeployment("localstack", bucket, topic.arn(),
                "jdbc:postgresql://source-db:5432/sluice", secretArn, world.internalEndpoint());

        Path jar = Path.of(System.getProperty("sluice.lambdaJar", "target/sluice-lambda.jar"));
        assertThat(jar).as("the shaded jar: `./mvnw -Plocalstack -pl functions/lambda -am verify` builds it at"
                + " package").isRegularFile();
        String deployBucket = AwsWorld.uniqueName("sluice-ls-deploy");
        world.createBucket(deployBucket);
        world.clients().s3().putObject(b -> b.bucket(deployBucket).key("sluice-lambda.zip"),
                RequestBody.fromBytes(deployment.deploymentPackage(jar)));

        lambda = world.configure(LambdaClient.builder()).build();
        Map<StepName, String> functions = new EnumMap<>(StepName.class);
        for (StepName step : LocalStackDeployment.FUNCTIONS) {
            String name = deployment.functionName(step);
            functions.put(step, lambda.createFunction(b -> b.functionName(name)
                    .runtime(Runtime.JAVA21)
                    .role(LocalStackDeployment.ROLE_ARN)
                    .handler(LocalStackDeployment.handler(step))
                    .code(c -> c.s3Bucket(deployBucket).s3Key("sluice-lambda.zip"))
                    .memorySize(1024)
                    .timeout(300)
                    .environment(e -> e.variables(deployment.functionEnvironment(step)))).functionArn());
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        }

        // GetActivityTask long-polls for up to 60 s: the socket must outlast it.
        sfn = world.configure(SfnClient.builder())
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(75)))
                .build();
        activities = new EnumMap<>(StepName.class);
        for (StepName step : LocalStackDeployment.STAND_IN_STEPS) {
            activities.put(step, sfn.createActivity(b -> b.name("sluice-localstack-" + step.id())).activityArn());
        }
        String definition = AslDefinition.substitute(AslDefinition.file("migrate-table"),
                LocalStackDeployment.substitutions(LocalStackDeployment.resources(functions, activities)));
        stateMachineArn = sfn.createStateMachine(b -> b.name("sluice-localstack-migrate-table")
                .definition(definition).roleArn(LocalStackDeployment.ROLE_ARN).type(StateMachineType.STANDARD))
                .stateMachineArn();
    }

    /** PostgreSQL on the test network as {@code source-db}, with {@code sales.orders} and a read-only login. */
    private static void startSource() throws Exception {
        source = new GenericContainer<>(DockerImageName.parse("postgres:16-alpine"))
                .withNetwork(world.network())
                .withNetworkAliases("source-db")
                .withEnv("POSTGRES_PASSWORD", ADMIN_PASSWORD)
                .withEnv("POSTGRES_DB", "sluice")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
        source.start();
        String url = "jdbc:postgresql://" + source.getHost() + ":" + source.getMappedPort(5432) + "/sluice";
        try (Connection c = DriverManager.getConnection(url, "postgres", ADMIN_PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.orders (order_id bigint PRIMARY KEY, customer_id integer NOT NULL,"
                    + " amount numeric(12,2) NOT NULL, updated_at timestamp NOT NULL)");
            s.execute("INSERT INTO sales.orders SELECT g, g % 97, ((g * 37) % 10000) / 100.0,"
                    + " localtimestamp - interval '10 days' + g * interval '1 minute'" // all behind the safety lag
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE sales.orders");
            // DDL takes no bind parameters; the password is this class's own [a-z0-9-] value.
            s.execute("CREATE ROLE sluice_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
            s.execute("GRANT USAGE ON SCHEMA sales TO sluice_reader");
            s.execute("GRANT SELECT ON sales.orders TO sluice_reader");
        }
    }

    @AfterAll
    static void stop() {
        if (sfn != null) {
            sfn.close();
        }
        if (lambda != null) {
            lambda.close();
        }
        if (source != null) {
            source.stop();
        }
    }

    @Test
    void aRunIsExtractedAndSealedByTheDeployedFunctionsAndItsFailedCatalogStepIsNotifiedOnSns() throws Exception {
        String input = Files.readString(AslDefinition.repositoryFile("events/demo/demo.sales.orders.json"));
        String execution = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                .name("orders-" + Long.toString(System.nanoTime(), 36)).input(input)).executionArn();

        GetActivityTaskResponse task = awaitActivityTask(execution, activities.get(StepName.START_CRAWLER),
                Duration.ofMinutes(8));
        JsonNode handed = JSON.readTree(task.input());
        String runId = handed.path("run").path("runId").asText();
        assertThat(runId).as("StartCrawler receives {run}: %s", task.input()).isNotBlank();

        // At StartCrawler the run is extracted and sealed, and nothing is committed.
        List<ChunkManifest> chunks = new ManifestStore(lake, layout).readChunks(LocalStackDeployment.SOURCE,
                LocalStackDeployment.TABLE, runId);
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3); // 2,500 rows, at most 1,000 a chunk
        assertThat(chunks.stream().mapToLong(ChunkManifest::rowCount).sum()).isEqualTo(ROWS);
        for (ChunkManifest chunk : chunks) {
            byte[] parquet = lake.get(chunk.objectKey()).orElseThrow(() -> new AssertionError(
                    "chunk " + chunk.chunkId() + " has a manifest but no object " + chunk.objectKey())).bytes();
            assertThat(parquet.length).isEqualTo(chunk.bytes());
            assertThat(new String(Arrays.copyOfRange(parquet, 0, 4), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
            assertThat(new String(Arrays.copyOfRange(parquet, parquet.length - 4, parquet.length),
                    StandardCharsets.US_ASCII)).isEqualTo("PAR1");
            assertThat(chunk.objectKey()).startsWith(layout.rawTablePrefix(LocalStackDeployment.SOURCE,
                    LocalStackDeployment.TABLE)).endsWith(".parquet");
        }
        RunManifest sealed = new ManifestStore(lake, layout).readRunManifest(LocalStackDeployment.SOURCE,
                LocalStackDeployment.TABLE, runId).orElseThrow(() -> new AssertionError("run " + runId
                + " reached StartCrawler unsealed"));
        assertThat(sealed.rows()).isEqualTo(ROWS);
        assertThat(sealed.chunks()).hasSameSizeAs(chunks);
        WatermarkStore watermarks = new WatermarkStore(lake, layout);
        assertThat(watermarks.read(LocalStackDeployment.SOURCE, LocalStackDeployment.TABLE)).isEmpty();

        String reason = "Glue is not in LocalStack's free edition: the LocalStack tier ends the run at StartCrawler";
        sfn.sendTaskFailure(b -> b.taskToken(task.taskToken()).error(ConfigurationFailure.class.getName())
                .cause(JSON.createObjectNode().put("errorType", ConfigurationFailure.class.getName())
                        .put("errorMessage", reason).toString()));

        DescribeExecutionResponse done = poll(Duration.ofMinutes(3), "execution " + execution + " to end", () -> {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(execution));
            return d.status() == ExecutionStatus.RUNNING ? Optional.empty() : Optional.of(d);
        });
        assertThat(done.status()).as(history(execution)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).as("NotifyFailure rethrows the step's failure").isEqualTo(
                ConfigurationFailure.class.getName());

        AwsWorld.Message message = topic.awaitMessages(1, Duration.ofSeconds(60)).get(0);
        assertThat(message.attributes()).contains(entry("outcome", "FAILED"), entry("step", "StartCrawler"),
                entry("failureClass", FailureClass.CONFIGURATION.label()), entry("runId", runId),
                entry("table", "demo.sales.orders"));
        assertThat(message.subject()).startsWith("Sluice FAILED").contains("StartCrawler");
        assertThat(message.body()).contains("Message: " + reason).contains("Run: " + runId)
                .contains("Runbook: docs/runbook.md#");
        assertThat(watermarks.read(LocalStackDeployment.SOURCE, LocalStackDeployment.TABLE))
                .as("a failed run never moves the watermark").isEmpty();
    }

    /** Long-polls the activity until it hands out a task, failing early (with the history) if the run ends. */
    private static GetActivityTaskResponse awaitActivityTask(String execution, String activityArn, Duration timeout)
            throws InterruptedException {
        return poll(timeout, "a task on " + activityArn + " from " + execution, () -> {
            ExecutionStatus status = sfn.describeExecution(b -> b.executionArn(execution)).status();
            if (status != ExecutionStatus.RUNNING) {
                throw new AssertionError("the execution ended (" + status + ") before reaching " + activityArn
                        + ":\n" + history(execution));
            }
            GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activityArn)
                    .workerName("sluice-localstack-tier"));
            return task.taskToken() == null || task.taskToken().isEmpty() ? Optional.empty() : Optional.of(task);
        });
    }

    /** The execution's events, one a line, for failure messages. */
    private static String history(String execution) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution)).events().stream()
                .map(MigrateTableOnLocalStackIT::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(HistoryEvent e) {
        String detail = e.taskFailedEventDetails() != null ? e.taskFailedEventDetails().error() + ": "
                + e.taskFailedEventDetails().cause()
                : e.lambdaFunctionFailedEventDetails() != null ? e.lambdaFunctionFailedEventDetails().error() + ": "
                + e.lambdaFunctionFailedEventDetails().cause()
                : e.stateEnteredEventDetails() != null ? e.stateEnteredEventDetails().name()
                : e.executionFailedEventDetails() != null ? e.executionFailedEventDetails().error() + ": "
                + e.executionFailedEventDetails().cause() : "";
        return e.id() + " " + e.typeAsString() + " " + detail;
    }

    /** Polls {@code probe} every half second until it answers or {@code timeout} passes. */
    private static <T> T poll(Duration timeout, String what, Supplier<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(500);
        }
    }
}
