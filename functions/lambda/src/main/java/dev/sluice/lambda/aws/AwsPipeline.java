package dev.sluice.lambda.aws;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.ConfigLoader;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.WarehouseConfig;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.load.LoadDialect;
import dev.sluice.core.load.LoadSource;
import dev.sluice.core.pipeline.Notifier;
import dev.sluice.core.pipeline.CatalogNames;
import dev.sluice.core.pipeline.PipelineContext;
import dev.sluice.core.pipeline.PipelineSettings;
import dev.sluice.core.pipeline.StepName;
import dev.sluice.core.state.LakeLayout;
import dev.sluice.core.validate.QueryDialect;
import dev.sluice.core.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The composition root of a Lambda container: the {@link PipelineContext} of the AWS world, built from the function's
 * environment (set by the CDK app, {@code dev.sluice.infra.PipelineFunctions}) and the environment's config file
 * (shipped in a layer). The config is loaded and validated here, at cold start, so a bad config fails the first
 * invocation with a {@link ConfigurationFailure} naming the file and the path in it, before any work.
 *
 * <p>Environment variables (those marked "step" are required only by the steps that use them, and a missing one is
 * reported naming the variable and the step):
 * <ul>
 *   <li>{@code AWS_REGION} (set by Lambda); {@code SLUICE_S3_ENDPOINT}, {@code SLUICE_S3_PATH_STYLE} (optional, for
 *       S3-compatible stores); {@code SLUICE_GLUE_ENDPOINT}, {@code SLUICE_SNS_ENDPOINT},
 *       {@code SLUICE_SECRETSMANAGER_ENDPOINT} (optional, for LocalStack; see {@link AwsClientSettings});</li>
 *   <li>{@value #CONFIG_FILE}: the config file; {@value #LAKE_BUCKET}: the lake bucket (must match config);
 *       {@value #RAW_PREFIX}, {@value #STATE_PREFIX}: optional, default from config;</li>
 *   <li>{@value #GLUE_DATABASE} (step: crawler and validation steps; elsewhere {@code sluice_<SLUICE_ENVIRONMENT>},
 *       the infra's naming rule); {@value #ATHENA_WORKGROUP} (step: validation steps);</li>
 *   <li>{@value #REDSHIFT_WORKGROUP}, {@value #REDSHIFT_CLUSTER}, {@value #REDSHIFT_DATABASE},
 *       {@value #REDSHIFT_SECRET_ARN}, {@value #REDSHIFT_DB_USER}: override config's warehouse;
 *       {@value #REDSHIFT_COPY_ROLE_ARN} (step: StartLoad; or config's {@code warehouse.copyRoleArn});</li>
 *   <li>{@value #TOPIC_ARN} (step: Notify; or config's {@code notifications.topicArn});</li>
 *   <li>{@value #INLINE_CHUNK_LIMIT} (integer), {@value #LEASE_DURATION} and {@value #SECRET_TTL} (ISO-8601
 *       durations such as {@code PT6H}): optional tuning.</li>
 * </ul>
 * Clients are built once here, none of them opens a connection until used, and no source connection is ever kept:
 * a SnapStart snapshot holds nothing that expires.
 */
public final class AwsPipeline implements AutoCloseable {

    public static final String CONFIG_FILE = "SLUICE_CONFIG_FILE";
    public static final String ENVIRONMENT = "SLUICE_ENVIRONMENT";
    public static final String LAKE_BUCKET = "SLUICE_LAKE_BUCKET";
    public static final String RAW_PREFIX = "SLUICE_RAW_PREFIX";
    public static final String STATE_PREFIX = "SLUICE_STATE_PREFIX";
    public static final String GLUE_DATABASE = "SLUICE_GLUE_DATABASE";
    public static final String ATHENA_WORKGROUP = "SLUICE_ATHENA_WORKGROUP";
    public static final String REDSHIFT_WORKGROUP = "SLUICE_REDSHIFT_WORKGROUP";
    public static final String REDSHIFT_CLUSTER = "SLUICE_REDSHIFT_CLUSTER";
    public static final String REDSHIFT_DATABASE = "SLUICE_REDSHIFT_DATABASE";
    public static final String REDSHIFT_SECRET_ARN = "SLUICE_REDSHIFT_SECRET_ARN";
    public static final String REDSHIFT_DB_USER = "SLUICE_REDSHIFT_DB_USER";
    public static final String REDSHIFT_COPY_ROLE_ARN = "SLUICE_REDSHIFT_COPY_ROLE_ARN";
    public static final String TOPIC_ARN = "SLUICE_TOPIC_ARN";
    public static final String INLINE_CHUNK_LIMIT = "SLUICE_INLINE_CHUNK_LIMIT";
    public static final String LEASE_DURATION = "SLUICE_LEASE_DURATION";
    public static final String SECRET_TTL = "SLUICE_SECRET_TTL";

    private static final Set<StepName> CATALOG_STEPS = EnumSet.of(StepName.START_CRAWLER, StepName.CHECK_CRAWLER,
            StepName.START_VALIDATION, StepName.CHECK_VALIDATION);
    private static final Set<StepName> QUERY_STEPS = EnumSet.of(StepName.START_VALIDATION, StepName.CHECK_VALIDATION);

    private static AwsPipeline shared;

    private final AwsClientFactory clients;
    private final PipelineContext context;

    private AwsPipeline(AwsClientFactory clients, PipelineContext context) {
        this.clients = clients;
        this.context = context;
    }

    /**
     * The container's pipeline for {@code step}, built from {@link System#getenv()} on first use and kept for the
     * container's life. A failed build is not kept: the next invocation tries again (and fails the same way until
     * the configuration is fixed).
     *
     * @throws ConfigurationFailure when the environment or the config is unusable
     */
    public static synchronized AwsPipeline shared(StepName step) {
        if (shared == null) {
            shared = fromEnvironment(step, System.getenv());
        }
        return shared;
    }

    /**
     * Builds the pipeline of {@code step} from {@code environment}.
     *
     * @throws ConfigurationFailure naming the variable, or the config file and path, that is wrong
     */
    public static AwsPipeline fromEnvironment(StepName step, Map<String, String> environment) {
        AwsClientSettings settings;
        try {
            settings = AwsClientSettings.fromEnvironment(environment);
        } catch (RuntimeException e) {
            throw new ConfigurationFailure("the " + step.id() + " function's AWS settings are unusable: "
                    + e.getMessage());
        }
        return fromEnvironment(step, environment, new AwsClientFactory(settings), Clock.systemUTC());
    }

    /** Builds the pipeline of {@code step} on {@code clients} (tests give a factory pointing at fakes). */
    static AwsPipeline fromEnvironment(StepName step, Map<String, String> env, AwsClientFactory clients, Clock clock) {
        Variables vars = new Variables(step, env);
        Path configFile = Path.of(vars.required(CONFIG_FILE, "the environment's config file (the infra ships it at"
                + " /opt/sluice/config.yaml)"));
        SluiceConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw new ConfigurationFailure("config " + e.file() + " (from " + CONFIG_FILE + ") is invalid at "
                    + (e.path().isEmpty() ? "the top level" : e.path()) + ":\n" + e.getMessage(), e);
        }

        String bucket = vars.required(LAKE_BUCKET, "the lake bucket");
        if (config.lake() != null && config.lake().bucket() != null && !config.lake().bucket().equals(bucket)) {
            throw new ConfigurationFailure(LAKE_BUCKET + " is " + bucket + " but " + configFile + " says lake.bucket "
                    + config.lake().bucket() + ": the function was deployed with another config; redeploy");
        }
        String rawPrefix = vars.optional(RAW_PREFIX).orElse(config.lake() == null ? null : config.lake().rawPrefix());
        String statePrefix = vars.optional(STATE_PREFIX)
                .orElse(config.lake() == null ? null : config.lake().statePrefix());
        LakeLayout layout = new LakeLayout(bucket, rawPrefix, statePrefix);

        String catalogDatabase = CATALOG_STEPS.contains(step)
                ? vars.required(GLUE_DATABASE, "the Glue database runs are registered in")
                : vars.optional(GLUE_DATABASE).orElseGet(() -> CatalogNames.databaseName(vars.optional(ENVIRONMENT)
                        .orElse(config.environment() == null ? "default" : config.environment().name())));
        String workgroup = QUERY_STEPS.contains(step)
                ? vars.required(ATHENA_WORKGROUP, "the Athena workgroup validation queries run in")
                : vars.optional(ATHENA_WORKGROUP).orElse(null);

        WarehouseConfig warehouseConfig = warehouse(config.warehouse(), vars);
        String copyRole = vars.optional(REDSHIFT_COPY_ROLE_ARN)
                .orElse(warehouseConfig == null ? null : warehouseConfig.copyRoleArn());
        if (step == StepName.START_LOAD && warehouseConfig != null && copyRole == null) {
            vars.required(REDSHIFT_COPY_ROLE_ARN, "the role Redshift assumes to COPY from the lake");
        }
        Function<String, LoadSource> loadSource = prefix -> copy(bucket, prefix, copyRole);

        int inlineLimit = vars.integer(INLINE_CHUNK_LIMIT, PipelineSettings.DEFAULT_INLINE_CHUNK_LIMIT);
        Duration lease = vars.duration(LEASE_DURATION, PipelineSettings.DEFAULT_LEASE);
        Duration secretTtl = vars.duration(SECRET_TTL, SecretsManagerCredentials.DEFAULT_TTL);

        String topicArn = vars.optional(TOPIC_ARN).orElse(config.notifications() == null ? null
                : config.notifications().topicArn());
        if (step == StepName.NOTIFY && topicArn == null) {
            vars.required(TOPIC_ARN, "the topic run notifications are published to");
        }

        try {
            Optional<Warehouse> warehouse = warehouseConfig == null ? Optional.empty()
                    : Optional.of(new RedshiftDataWarehouse(clients.redshiftData(), warehouseConfig));
            Notifier notifier = topicArn == null ? unconfiguredNotifier() : new SnsNotifier(clients.sns(), topicArn);
            PipelineSettings pipelineSettings = new PipelineSettings(catalogDatabase, workgroup, QueryDialect.ATHENA,
                    LoadDialect.REDSHIFT, loadSource, inlineLimit, lease);
            PipelineContext context = new PipelineContext(config, new S3ObjectStore(clients.s3(), bucket), layout,
                    new SecretSourceConnections(new SecretsManagerCredentials(clients.secretsManager(), clock,
                            secretTtl)),
                    new GlueCatalog(clients.glue()), new AthenaQueryEngine(clients.athena()), warehouse, notifier,
                    clock, pipelineSettings);
            return new AwsPipeline(clients, context);
        } catch (IllegalArgumentException e) {
            clients.close();
            throw new ConfigurationFailure("the " + step.id() + " function cannot be wired from " + configFile
                    + " and its environment: " + e.getMessage() + "; fix the config or the deployment and redeploy");
        }
    }

    /** Config's warehouse with the deployment's {@code SLUICE_REDSHIFT_*} values over it; null when there is none. */
    private static WarehouseConfig warehouse(WarehouseConfig configured, Variables vars) {
        Optional<String> workgroup = vars.optional(REDSHIFT_WORKGROUP);
        Optional<String> cluster = vars.optional(REDSHIFT_CLUSTER);
        if (configured == null && workgroup.isEmpty() && cluster.isEmpty()) {
            return null;
        }
        WarehouseConfig base = configured != null ? configured
                : new WarehouseConfig(null, null, null, null, null, null, null);
        return new WarehouseConfig(
                workgroup.isPresent() || cluster.isPresent() ? workgroup.orElse(null) : base.workgroup(),
                workgroup.isPresent() || cluster.isPresent() ? cluster.orElse(null) : base.clusterId(),
                vars.optional(REDSHIFT_DATABASE).orElse(base.database()),
                vars.optional(REDSHIFT_SECRET_ARN).orElse(base.secretArn()),
                vars.optional(REDSHIFT_DB_USER).orElse(base.dbUser()),
                vars.optional(REDSHIFT_COPY_ROLE_ARN).orElse(base.copyRoleArn()),
                base.ledgerSchema());
    }

    private static LoadSource copy(String bucket, String prefix, String copyRole) {
        if (copyRole == null) {
            throw new ConfigurationFailure("no COPY role: set warehouse.copyRoleArn in config or deploy the StartLoad"
                    + " function with " + REDSHIFT_COPY_ROLE_ARN + " (the CDK app sets it)");
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return new LoadSource.S3Copy("s3://" + bucket + "/" + (p.endsWith("/") ? p : p + "/"), copyRole);
    }

    private static Notifier unconfiguredNotifier() {
        return notification -> {
            throw new ConfigurationFailure("this function has no notification topic: only the Notify function"
                    + " publishes; it needs " + TOPIC_ARN + " (the CDK app sets it) or notifications.topicArn");
        };
    }

    /** The context the steps run on. */
    public PipelineContext context() {
        return context;
    }

    @Override
    public void close() {
        clients.close();
    }

    /** The function's environment variables, read with messages that name the variable and the step. */
    private record Variables(StepName step, Map<String, String> env) {

        Optional<String> optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        String required(String name, String what) {
            return optional(name).orElseThrow(() -> new ConfigurationFailure("environment variable " + name
                    + " (" + what + ") is not set for the " + step.id() + " function: the CDK app sets it; redeploy"
                    + " the environment, or export it when running the handler elsewhere"));
        }

        int integer(String name, int fallback) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.get());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigurationFailure("environment variable " + name + " is '" + v.get() + "', not a"
                        + " positive integer: fix it in the deployment (or unset it for " + fallback + ")");
            }
        }

        Duration duration(String name, Duration fallback) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                Duration d = Duration.parse(v.get());
                if (d.isNegative() || d.isZero()) {
                    throw new DateTimeParseException("not positive", v.get(), 0);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new ConfigurationFailure("environment variable " + name + " is '" + v.get() + "', not a"
                        + " positive ISO-8601 duration such as PT6H: fix it in the deployment (or unset it for "
                        + fallback + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "AwsPipeline[bucket=" + context.layout().bucket() + ", catalog=" + context.settings().catalogDatabase()
                + "]";
    }
}
