package dev.sluice.infra;

import dev.sluice.core.config.CatalogMode;
import dev.sluice.core.config.SluiceConfig;
import dev.sluice.core.config.SourceConfig;
import dev.sluice.core.config.VpcConfig;
import dev.sluice.core.config.WarehouseConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Every Lambda function of the pipeline, from the one shaded jar (java21, SnapStart on published versions, an alias
 * {@value #ALIAS} that the state machine invokes), each with a role holding only what its step needs: the source
 * secrets and VPC for the functions that read the source, the lake prefixes it reads or writes, the crawler ARNs,
 * the Athena workgroup, the Redshift workgroup or cluster, the topic.
 *
 * <p>StartLoad and CheckLoad share one role: the Redshift Data API lets only the identity that ran a statement
 * describe it and read its result.
 */
public final class PipelineFunctions extends Construct {

    public static final String ALIAS = "live";
    /**
     * Where a function finds the environment's config (env {@code SLUICE_CONFIG_FILE}): the file deployed with the
     * functions in a layer, so every published version runs with the config it was deployed with and a cold start
     * validates it with {@code ConfigLoader} without a network call.
     */
    public static final String CONFIG_FILE = "/opt/sluice/config.yaml";

    private final Map<PipelineFunction, Function> functions = new EnumMap<>(PipelineFunction.class);
    private final Map<PipelineFunction, Alias> aliases = new EnumMap<>(PipelineFunction.class);
    private final Map<PipelineFunction, Role> roles = new EnumMap<>(PipelineFunction.class);
    private final Map<Role, Set<String>> wildcardResources = new LinkedHashMap<>();
    private final LakeLayout layout;
    private final LakeKey lakeKey;

    /** What the functions are wired to; see {@link #builder()}. */
    public record Props(String environment, SluiceConfig config, LakeLayout layout, LakeKey lakeKey, ITopic topic,
                        IKey topicKey, Path lambdaJar, String glueDatabase, String athenaWorkgroup,
                        Collection<String> crawlerNames, String copyRoleArn, boolean disposable, Path configFile) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(lakeKey, "lakeKey");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(lambdaJar, "lambdaJar");
            Objects.requireNonNull(glueDatabase, "glueDatabase");
            Objects.requireNonNull(athenaWorkgroup, "athenaWorkgroup");
            crawlerNames = crawlerNames == null ? List.of() : List.copyOf(crawlerNames);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private SluiceConfig config;
            private LakeLayout layout;
            private LakeKey lakeKey;
            private ITopic topic;
            private IKey topicKey;
            private Path lambdaJar;
            private String glueDatabase;
            private String athenaWorkgroup;
            private Collection<String> crawlerNames;
            private String copyRoleArn;
            private boolean disposable;
            private Path configFile;

            public Builder environment(String v) { environment = v; return this; }
            public Builder config(SluiceConfig v) { config = v; return this; }
            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder lakeKey(LakeKey v) { lakeKey = v; return this; }
            public Builder topic(ITopic v) { topic = v; return this; }
            public Builder topicKey(IKey v) { topicKey = v; return this; }
            public Builder lambdaJar(Path v) { lambdaJar = v; return this; }
            public Builder glueDatabase(String v) { glueDatabase = v; return this; }
            public Builder athenaWorkgroup(String v) { athenaWorkgroup = v; return this; }
            public Builder crawlerNames(Collection<String> v) { crawlerNames = v; return this; }
            public Builder copyRoleArn(String v) { copyRoleArn = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }
            /** The environment's config file, shipped to every function in a layer (see {@link #CONFIG_FILE}). */
            public Builder configFile(Path v) { configFile = v; return this; }

            public Props build() {
                return new Props(environment, config, layout, lakeKey, topic, topicKey, lambdaJar, glueDatabase,
                        athenaWorkgroup, crawlerNames, copyRoleArn, disposable, configFile);
            }
        }
    }

    /** A function's name: {@code sluice-<env>-<Id>}, e.g. {@code sluice-dev-ExtractChunk}. */
    public static String functionName(String environment, PipelineFunction function) {
        return "sluice-" + environment + "-" + function.id();
    }

    public PipelineFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        this.layout = props.layout();
        this.lakeKey = props.lakeKey();
        SluiceConfig config = props.config();
        List<String> validationErrors = new ArrayList<>();
        SourceNetwork network = SourceNetwork.of(this, config.sources(), validationErrors);
        WarehouseConfig warehouse = config.warehouse();
        Code code = Code.fromAsset(LambdaJar.require(props.lambdaJar()).toString());
        List<ILayerVersion> layers = new ArrayList<>();
        if (props.configFile() != null) {
            layers.add(LayerVersion.Builder.create(this, "Config")
                    .description("Sluice " + props.environment() + " config, at " + CONFIG_FILE)
                    .code(Code.fromAsset(configLayer(props.configFile()).toString()))
                    .removalPolicy(RemovalPolicy.RETAIN) // published versions keep referring to their layer version
                    .build());
        }

        Map<String, String> common = new LinkedHashMap<>();
        common.put("SLUICE_ENVIRONMENT", props.environment());
        common.put("SLUICE_LAKE_BUCKET", layout.bucket());
        common.put("SLUICE_RAW_PREFIX", layout.rawPrefix());
        common.put("SLUICE_STATE_PREFIX", layout.statePrefix());
        if (props.configFile() != null) {
            common.put("SLUICE_CONFIG_FILE", CONFIG_FILE);
        }
        common.put("POWERTOOLS_SERVICE_NAME", "sluice");
        common.put("POWERTOOLS_METRICS_NAMESPACE", PipelineMetrics.NAMESPACE);

        Role loaderRole = null;
        for (PipelineFunction f : PipelineFunction.values()) {
            Role role;
            if ((f == PipelineFunction.START_LOAD || f == PipelineFunction.CHECK_LOAD) && loaderRole != null) {
                role = loaderRole;
            } else {
                String roleId = f == PipelineFunction.START_LOAD ? "WarehouseLoad" : f.id();
                role = Role.Builder.create(this, roleId + "Role")
                        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                        .description("Sluice " + props.environment() + " " + roleId + " function")
                        .build();
                if (f == PipelineFunction.START_LOAD) {
                    loaderRole = role;
                }
            }
            roles.put(f, role);

            LogGroup logs = LogGroup.Builder.create(this, f.id() + "Logs")
                    .logGroupName("/aws/lambda/" + functionName(props.environment(), f))
                    .retention(RetentionDays.THREE_MONTHS)
                    .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                    .build();
            logs.grantWrite(role);

            Map<String, String> environment = new LinkedHashMap<>(common);
            environment.putAll(functionEnvironment(f, props));
            Function.Builder builder = Function.Builder.create(this, f.id())
                    .functionName(functionName(props.environment(), f))
                    .description("Sluice " + props.environment() + ": " + f.id() + " step of migrate-table")
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.X86_64)
                    .code(code)
                    .handler(f.handler())
                    .memorySize(f.memoryMb())
                    .timeout(Duration.seconds(f.timeoutSeconds()))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .tracing(Tracing.ACTIVE)
                    .loggingFormat(LoggingFormat.JSON)
                    .logGroup(logs)
                    .role(role)
                    .layers(layers)
                    .environment(environment);
            if (f.readsSource() && network != null) {
                builder.vpc(network.vpc())
                        .vpcSubnets(SubnetSelection.builder().subnets(network.subnets()).build())
                        .securityGroups(network.securityGroups())
                        .allowPublicSubnet(false);
            }
            Function function = builder.build();
            NagSuppressions.addResourceSuppressions(function, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-L1")
                    .reason("The Lambda jar is compiled with --release 21 and the project targets the java21 runtime"
                            + " (DESIGN.md); moving to a newer Java runtime is a deliberate, tested upgrade, not a"
                            + " deploy-time default.")
                    .build()));
            functions.put(f, function);
            aliases.put(f, Alias.Builder.create(this, f.id() + "Live")
                    .aliasName(ALIAS)
                    .version(function.getCurrentVersion())
                    .build());
        }

        grantSteps(props, network);

        for (Map.Entry<Role, Set<String>> e : wildcardResources.entrySet()) {
            List<String> appliesTo = new ArrayList<>();
            e.getValue().forEach(r -> appliesTo.add("Resource::" + r));
            NagSuppressions.addResourceSuppressions(e.getKey(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("Lake grants are scoped to the prefixes this step reads or writes (object keys below them"
                            + " are per table, run and chunk, so only a prefix wildcard can name them); a lake key"
                            + " configured by alias is granted as key/* limited to that alias by kms:ResourceAliases;"
                            + " '*' is only"
                            + " for X-Ray trace segments and Redshift Data API statement calls, which have no"
                            + " resource-level permissions.")
                    .appliesTo(appliesTo)
                    .build()), true);
        }
        if (network != null) {
            for (PipelineFunction f : PipelineFunction.values()) {
                if (f.readsSource()) {
                    NagSuppressions.addResourceSuppressions(roles.get(f), List.of(NagPackSuppression.builder()
                            .id("AwsSolutions-IAM4")
                            .reason("Functions in the source VPC need the ENI actions of AWSLambdaVPCAccessExecutionRole;"
                                    + " EC2 does not support resource-level scoping of them, so the AWS managed policy is"
                                    + " the narrowest available and tracks service changes.")
                            .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                    + "AWSLambdaVPCAccessExecutionRole"))
                            .build()), true);
                }
            }
        }

        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>(validationErrors);
            for (SourceConfig source : config.sources()) {
                if (source.credentials() == null || source.credentials().secretArn() == null) {
                    errors.add("Config sources[" + source.name() + "].credentials.secretArn is missing: in AWS the"
                            + " source password comes from a Secrets Manager secret; set its ARN.");
                }
            }
            if (warehouse == null) {
                errors.add("Config warehouse is missing: name the Redshift Serverless workgroup or cluster to load into.");
            } else if ((warehouse.workgroup() == null) == (warehouse.clusterId() == null)) {
                errors.add("Config warehouse: set exactly one of workgroup (Redshift Serverless) or clusterId"
                        + " (provisioned).");
            } else if (warehouse.database() == null) {
                errors.add("Config warehouse.database is missing: name the Redshift database to load into.");
            }
            return errors;
        });
    }

    /** A directory holding {@code sluice/config.yaml} (a layer is extracted under /opt). */
    private static Path configLayer(Path configFile) {
        try {
            Path dir = Files.createTempDirectory("sluice-config-layer");
            Files.createDirectories(dir.resolve("sluice"));
            Files.copy(configFile, dir.resolve("sluice/config.yaml"));
            // The asset is staged into the cloud assembly when the layer is built; the copy is not needed after.
            dir.resolve("sluice/config.yaml").toFile().deleteOnExit();
            dir.resolve("sluice").toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new SynthException("Cannot stage config " + configFile + " for the functions' layer: " + e.getMessage(), e);
        }
    }

    private Map<String, String> functionEnvironment(PipelineFunction f, Props props) {
        Map<String, String> env = new LinkedHashMap<>();
        switch (f) {
            case START_CRAWLER, CHECK_CRAWLER, START_VALIDATION, CHECK_VALIDATION ->
                    env.put("SLUICE_GLUE_DATABASE", props.glueDatabase());
            default -> { }
        }
        if (f == PipelineFunction.START_VALIDATION || f == PipelineFunction.CHECK_VALIDATION) {
            env.put("SLUICE_ATHENA_WORKGROUP", props.athenaWorkgroup());
        }
        WarehouseConfig w = props.config().warehouse();
        if ((f == PipelineFunction.START_LOAD || f == PipelineFunction.CHECK_LOAD) && w != null) {
            if (w.workgroup() != null) {
                env.put("SLUICE_REDSHIFT_WORKGROUP", w.workgroup());
            }
            if (w.clusterId() != null) {
                env.put("SLUICE_REDSHIFT_CLUSTER", w.clusterId());
            }
            if (w.database() != null) {
                env.put("SLUICE_REDSHIFT_DATABASE", w.database());
            }
            if (w.secretArn() != null) {
                env.put("SLUICE_REDSHIFT_SECRET_ARN", w.secretArn());
            }
            if (w.dbUser() != null) {
                env.put("SLUICE_REDSHIFT_DB_USER", w.dbUser());
            }
            if (props.copyRoleArn() != null) {
                env.put("SLUICE_REDSHIFT_COPY_ROLE_ARN", props.copyRoleArn());
            }
        }
        if (f == PipelineFunction.NOTIFY) {
            env.put("SLUICE_TOPIC_ARN", props.topic().getTopicArn());
        }
        return env;
    }

    private void grantSteps(Props props, SourceNetwork network) {
        SluiceConfig config = props.config();
        String raw = layout.rawPrefix();
        String watermarks = layout.watermarkPrefix();
        String runs = layout.runsPrefix();
        String results = layout.athenaResultsPrefix();

        // Source readers: their secrets, nothing else of the source.
        List<String> sourceSecrets = config.sources().stream()
                .filter(s -> s.credentials() != null && s.credentials().secretArn() != null)
                .map(s -> s.credentials().secretArn()).distinct().toList();
        for (PipelineFunction f : List.of(PipelineFunction.PLAN, PipelineFunction.EXTRACT_CHUNK)) {
            if (!sourceSecrets.isEmpty()) {
                roles.get(f).addToPolicy(PolicyStatement.Builder.create()
                        .sid("ReadSourceSecrets")
                        .actions(List.of("secretsmanager:GetSecretValue"))
                        .resources(sourceSecrets)
                        .build());
            }
            if (network != null) {
                roles.get(f).addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(
                        "service-role/AWSLambdaVPCAccessExecutionRole"));
            }
        }

        // Watermarks and leases (the commit points) are written by Plan (takes the lease) and Commit only.
        readWrite(PipelineFunction.PLAN, watermarks);
        write(PipelineFunction.PLAN, runs);
        read(PipelineFunction.EXTRACT_CHUNK, runs);
        write(PipelineFunction.EXTRACT_CHUNK, runs);
        write(PipelineFunction.EXTRACT_CHUNK, raw);
        readWrite(PipelineFunction.SEAL_RUN, runs);
        read(PipelineFunction.SEAL_RUN, raw);
        read(PipelineFunction.START_CRAWLER, runs);
        read(PipelineFunction.CHECK_CRAWLER, runs);
        read(PipelineFunction.START_VALIDATION, runs);
        read(PipelineFunction.START_VALIDATION, raw);
        write(PipelineFunction.START_VALIDATION, results);
        readWrite(PipelineFunction.CHECK_VALIDATION, runs);
        readWrite(PipelineFunction.START_LOAD, runs); // shared with CheckLoad, which writes load.json
        readWrite(PipelineFunction.COMMIT, watermarks);
        readWrite(PipelineFunction.COMMIT, runs);
        read(PipelineFunction.NOTIFY, runs);
        roles.get(PipelineFunction.COMMIT).addToPolicy(PolicyStatement.Builder.create()
                .sid("ReleaseLease")
                .actions(List.of("s3:DeleteObject"))
                .resources(List.of(ResourceArns.objects(layout.bucket(), watermarks)))
                .build());

        // Glue: crawlers of this environment only.
        List<String> crawlerArns = props.crawlerNames().stream().map(LakeCatalog::crawlerArn).toList();
        if (!crawlerArns.isEmpty()) {
            roles.get(PipelineFunction.START_CRAWLER).addToPolicy(PolicyStatement.Builder.create()
                    .sid("StartOwnCrawlers")
                    .actions(List.of("glue:StartCrawler", "glue:GetCrawler"))
                    .resources(crawlerArns)
                    .build());
            roles.get(PipelineFunction.CHECK_CRAWLER).addToPolicy(PolicyStatement.Builder.create()
                    .sid("CheckOwnCrawlers")
                    .actions(List.of("glue:GetCrawler"))
                    .resources(crawlerArns)
                    .build());
        }
        String catalog = ResourceArns.regional("glue", "catalog");
        String database = ResourceArns.regional("glue", "database/" + props.glueDatabase());
        String tables = ResourceArns.regional("glue", "table/" + props.glueDatabase() + "/*");
        String tablesAsNag = ResourceArns.regionalAsNag("glue", "table/" + props.glueDatabase() + "/*");
        boolean registersPartitions = config.tables().stream().anyMatch(t -> t.catalog() == CatalogMode.PARTITIONS);
        if (registersPartitions) {
            Role role = roles.get(PipelineFunction.START_CRAWLER);
            role.addToPolicy(PolicyStatement.Builder.create()
                    .sid("RegisterRunPartitions")
                    .actions(List.of("glue:GetTable", "glue:GetPartition", "glue:CreatePartition",
                            "glue:BatchCreatePartition"))
                    .resources(List.of(catalog, database, tables))
                    .build());
            wildcard(role, tablesAsNag);
        }

        // Athena in its workgroup; Athena reads the catalog and the raw data with the caller's permissions.
        String workgroup = ResourceArns.regional("athena", "workgroup/" + props.athenaWorkgroup());
        roles.get(PipelineFunction.START_VALIDATION).addToPolicy(PolicyStatement.Builder.create()
                .sid("QueryInWorkgroup")
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of(workgroup))
                .build());
        roles.get(PipelineFunction.CHECK_VALIDATION).addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadQueryResults")
                .actions(List.of("athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"))
                .resources(List.of(workgroup))
                .build());
        read(PipelineFunction.CHECK_VALIDATION, results);
        Role validation = roles.get(PipelineFunction.START_VALIDATION);
        validation.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadCatalog")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
                        "glue:GetPartitions", "glue:BatchGetPartition"))
                .resources(List.of(catalog, database, tables))
                .build());
        wildcard(validation, tablesAsNag);
        validation.addToPolicy(PolicyStatement.Builder.create()
                .sid("LocateResultsBucket")
                .actions(List.of("s3:GetBucketLocation"))
                .resources(List.of(ResourceArns.bucket(layout.bucket())))
                .build());

        grantWarehouse(config.warehouse(), roles.get(PipelineFunction.START_LOAD));

        Role notify = roles.get(PipelineFunction.NOTIFY);
        notify.addToPolicy(PolicyStatement.Builder.create()
                .sid("PublishNotifications")
                .actions(List.of("sns:Publish"))
                .resources(List.of(props.topic().getTopicArn()))
                .build());
        if (props.topicKey() != null) {
            notify.addToPolicy(PolicyStatement.Builder.create()
                    .sid("EncryptNotifications")
                    .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                    .resources(List.of(props.topicKey().getKeyArn()))
                    .build());
        }

        // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on '*'.
        roles.values().forEach(r -> wildcard(r, "*"));
    }

    private void grantWarehouse(WarehouseConfig w, Role loader) {
        if (w == null || (w.workgroup() == null) == (w.clusterId() == null)) {
            return; // reported by the validation
        }
        String target = w.workgroup() != null
                ? (w.workgroup().startsWith("arn:") ? w.workgroup()
                        : ResourceArns.regional("redshift-serverless", "workgroup/*"))
                : ResourceArns.regional("redshift", "cluster:" + w.clusterId());
        loader.addToPolicy(PolicyStatement.Builder.create()
                .sid("RunLoadStatements")
                .actions(List.of("redshift-data:ExecuteStatement", "redshift-data:BatchExecuteStatement"))
                .resources(List.of(target))
                .build());
        if (w.workgroup() != null && !w.workgroup().startsWith("arn:")) {
            wildcard(loader, ResourceArns.regionalAsNag("redshift-serverless", "workgroup/*"));
        }
        loader.addToPolicy(PolicyStatement.Builder.create()
                .sid("FollowOwnStatements")
                .actions(List.of("redshift-data:DescribeStatement", "redshift-data:GetStatementResult",
                        "redshift-data:CancelStatement"))
                .resources(List.of("*"))
                .build());
        if (w.secretArn() != null) {
            loader.addToPolicy(PolicyStatement.Builder.create()
                    .sid("ReadWarehouseSecret")
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(w.secretArn()))
                    .build());
        } else if (w.clusterId() != null && w.dbUser() != null) {
            loader.addToPolicy(PolicyStatement.Builder.create()
                    .sid("TemporaryClusterCredentials")
                    .actions(List.of("redshift:GetClusterCredentials"))
                    .resources(List.of(
                            ResourceArns.regional("redshift", "dbuser:" + w.clusterId() + "/" + w.dbUser()),
                            ResourceArns.regional("redshift", "dbname:" + w.clusterId() + "/" + w.database())))
                    .build());
        } else if (w.workgroup() != null) {
            loader.addToPolicy(PolicyStatement.Builder.create()
                    .sid("TemporaryWorkgroupCredentials")
                    .actions(List.of("redshift-serverless:GetCredentials"))
                    .resources(List.of(target))
                    .build());
        }
    }

    private void read(PipelineFunction f, String prefix) {
        Role role = roles.get(f);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(ResourceArns.objects(layout.bucket(), prefix)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(ResourceArns.bucket(layout.bucket())))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix + "*"))))
                .build());
        role.addToPolicy(lakeKey.allow(null, List.of("kms:Decrypt")));
        wildcardKey(role);
        wildcard(role, ResourceArns.objectsAsNag(layout.bucket(), prefix));
    }

    private void write(PipelineFunction f, String prefix) {
        Role role = roles.get(f);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"))
                .resources(List.of(ResourceArns.objects(layout.bucket(), prefix)))
                .build());
        role.addToPolicy(lakeKey.allow(null, List.of("kms:Decrypt", "kms:GenerateDataKey")));
        wildcardKey(role);
        wildcard(role, ResourceArns.objectsAsNag(layout.bucket(), prefix));
    }

    private void readWrite(PipelineFunction f, String prefix) {
        read(f, prefix);
        write(f, prefix);
    }

    private void wildcardKey(Role role) {
        if (lakeKey.wildcardAsNag() != null) {
            wildcard(role, lakeKey.wildcardAsNag().substring("Resource::".length()));
        }
    }

    private void wildcard(Role role, String resourceAsNag) {
        wildcardResources.computeIfAbsent(role, r -> new TreeSet<>()).add(resourceAsNag);
    }

    public Function function(PipelineFunction f) {
        return functions.get(f);
    }

    /** The {@value #ALIAS} alias of a function: what the state machine invokes. */
    public Alias alias(PipelineFunction f) {
        return aliases.get(f);
    }

    public Role role(PipelineFunction f) {
        return roles.get(f);
    }

    /**
     * The VPC, subnets and security groups the source readers run in: all sources share one VPC (a source may omit
     * vpcId when another names it); subnets and security groups are the union, so each database admits its group.
     */
    private record SourceNetwork(IVpc vpc, List<ISubnet> subnets, List<ISecurityGroup> securityGroups) {

        static SourceNetwork of(Construct scope, List<SourceConfig> sources, List<String> errors) {
            List<VpcConfig> vpcs = sources.stream().map(SourceConfig::vpc).filter(Objects::nonNull).toList();
            if (vpcs.isEmpty()) {
                return null;
            }
            Set<String> vpcIds = new LinkedHashSet<>();
            Set<String> subnetIds = new LinkedHashSet<>();
            Set<String> groupIds = new LinkedHashSet<>();
            Set<String> zones = new LinkedHashSet<>();
            vpcs.forEach(v -> {
                if (v.vpcId() != null) {
                    vpcIds.add(v.vpcId());
                }
                subnetIds.addAll(v.subnetIds());
                groupIds.addAll(v.securityGroupIds());
                zones.addAll(v.availabilityZones());
            });
            if (vpcIds.size() > 1) {
                errors.add("Config sources[*].vpc: the source-reading functions run in one VPC, but sources name "
                        + vpcIds + "; put the sources behind one VPC (peering or Transit Gateway) or deploy one"
                        + " environment per VPC.");
                return null;
            }
            if (vpcIds.isEmpty()) {
                errors.add("Config sources[*].vpc: no source names vpc.vpcId; give it on at least one source (the"
                        + " VPC of the subnets) so that synth builds the network without an AWS lookup.");
                return null;
            }
            if (subnetIds.isEmpty() || groupIds.isEmpty()) {
                errors.add("Config sources[*].vpc needs subnetIds and securityGroupIds (private subnets that route to"
                        + " the database, a security group it admits).");
                return null;
            }
            IVpc vpc = Vpc.fromVpcAttributes(scope, "SourceVpc", VpcAttributes.builder()
                    .vpcId(vpcIds.iterator().next())
                    .availabilityZones(new ArrayList<>(zones))
                    .build());
            List<ISubnet> subnets = new ArrayList<>();
            int i = 0;
            for (String subnetId : subnetIds) {
                subnets.add(Subnet.fromSubnetId(scope, "SourceSubnet" + i++, subnetId));
            }
            List<ISecurityGroup> groups = new ArrayList<>();
            i = 0;
            for (String groupId : groupIds) {
                groups.add(SecurityGroup.fromSecurityGroupId(scope, "SourceSecurityGroup" + i++, groupId));
            }
            return new SourceNetwork(vpc, subnets, groups);
        }
    }

}
