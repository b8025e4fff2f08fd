package dev.sluice.core.config;

import dev.sluice.core.config.ConfigProblem.Severity;
import dev.sluice.core.config.TargetConfig.Mode;
import dev.sluice.core.config.WatermarkConfig.Type;
import dev.sluice.core.source.SourceColumn;
import dev.sluice.core.source.SourceIndex;
import dev.sluice.core.source.SourceTable;
import dev.sluice.core.source.TableRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks a migration config must pass. {@link #validate(Path, SluiceConfig)} holds every check the config alone
 * can decide (run by {@link ConfigLoader} at load time); {@link #checkAgainstSource} holds the checks that need the
 * introspected source table (run by {@code sluice plan} and the Plan step before any row is read). Every problem
 * names the file, the path in it and the fix; no message repeats a JDBC URL.
 */
public final class ConfigValidator {

    /** The longest query a chunk may run: it must end inside Lambda's 15 minutes with time to write the manifest. */
    public static final Duration MAX_QUERY_TIMEOUT = Duration.ofMinutes(14);
    /** The longest lookback or safety lag a timestamp watermark may use. */
    public static final Duration MAX_WINDOW_SLACK = Duration.ofDays(7);

    private static final String PARTITION = "aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?";
    private static final String REGION_FORM = "[a-z]{2}(?:-[a-z]+){1,2}-\\d{1,2}";
    private static final Pattern REGION = Pattern.compile(REGION_FORM);
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,31}");
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:" + PARTITION + ":secretsmanager:" + REGION_FORM + ":\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    private static final Pattern KMS_ARN = Pattern.compile(
            "arn:" + PARTITION + ":kms:(" + REGION_FORM + "):\\d{12}:(?:key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)");
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:" + PARTITION + ":iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:" + PARTITION + ":sns:" + REGION_FORM + ":\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?");
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern AVAILABILITY_ZONE = Pattern.compile(REGION_FORM + "[a-z]");
    private static final Pattern WORKGROUP = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z](?:[a-z0-9]|-(?!-)){0,62}(?<!-)");
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)\\s*=|//[^/@;?]*:[^/@;?]*@");

    private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamp", "timestamptz", "datetime", "datetime2",
            "datetimeoffset", "smalldatetime", "date");
    private static final Set<String> ROWVERSION_TYPES = Set.of("rowversion", "timestamp");
    private static final Set<String> KEY_TYPES = Set.of("int", "integer", "bigint", "smallint", "tinyint", "int2",
            "int4", "int8", "numeric", "decimal");

    private ConfigValidator() {
    }

    /**
     * Every static problem in {@code config}, in file order: errors (which make {@link ConfigLoader} throw) and
     * warnings (a risky choice config states on purpose, such as {@code readUncommitted}, for {@code sluice plan} to
     * print). Empty for a config with nothing to say.
     */
    public static List<ConfigProblem> validate(Path file, SluiceConfig config) {
        return validate(file.toString(), config);
    }

    static List<ConfigProblem> validate(String file, SluiceConfig config) {
        Problems p = new Problems(file);
        environment(p, config.environment());
        sources(p, config);
        lake(p, config.lake(), config.environment());
        if (config.warehouse() != null) {
            warehouse(p, config.warehouse());
        }
        if (config.notifications() != null) {
            notifications(p, config.notifications());
        }
        tables(p, config);
        return p.list;
    }

    // ---------------------------------------------------------------------------------------------------------
    // environment

    private static void environment(Problems p, EnvironmentConfig env) {
        if (env == null) {
            p.error("environment", "environment is required",
                    "add environment: {name: dev, account: \"123456789012\", region: eu-west-1}");
            return;
        }
        if (blank(env.name())) {
            p.error("environment.name", "the environment name is required", "add name: dev under environment");
        } else if (!ENVIRONMENT_NAME.matcher(env.name()).matches()) {
            p.error("environment.name", "'" + env.name() + "' is not a usable environment name",
                    "use letters, digits and hyphens, starting with a letter, at most 32 characters (e.g. dev)");
        }
        if (env.account() != null && !ACCOUNT.matcher(env.account()).matches()) {
            p.error("environment.account", "'" + env.account() + "' is not a 12-digit AWS account id",
                    "write the account as 12 digits in quotes, e.g. account: \"012345678901\" (unquoted, YAML "
                            + "reads leading zeros as a number and drops them)");
        }
        if (blank(env.region())) {
            p.error("environment.region", "the AWS region is required", "add region: eu-west-1 under environment");
        } else if (!REGION.matcher(env.region()).matches()) {
            p.error("environment.region", "'" + env.region() + "' is not an AWS region code",
                    "write a region code such as eu-west-1 or us-east-2");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // sources

    private static void sources(Problems p, SluiceConfig config) {
        if (config.sources().isEmpty()) {
            p.error("sources", "at least one source is required",
                    "add sources: with a name, engine and jdbcUrl (see config/prod.example.yaml)");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < config.sources().size(); i++) {
            String at = "sources[" + i + "]";
            SourceConfig s = config.sources().get(i);
            if (s == null) {
                p.error(at, "the source entry is empty", "give it a name, engine and jdbcUrl, or remove the dash");
                continue;
            }
            if (blank(s.name())) {
                p.error(at + ".name", "the source name is required", "add name: sales (it appears in lake paths)");
            } else if (!SOURCE_NAME.matcher(s.name()).matches()) {
                p.error(at + ".name", "'" + s.name() + "' is not a usable source name",
                        "use lower-case letters, digits, _ and -, starting with a letter (it appears in S3 keys)");
            } else {
                Integer first = seen.putIfAbsent(s.name(), i);
                if (first != null) {
                    p.error(at + ".name", "source name '" + s.name() + "' is already used by sources[" + first + "]",
                            "give each source its own name");
                }
            }
            source(p, at, s);
        }
    }

    private static void source(Problems p, String at, SourceConfig s) {
        if (s.engine() == null) {
            p.error(at + ".engine", "the engine is required", "add engine: sqlserver or engine: postgresql");
        }
        boolean embedded = s.embeddedDemo();
        String url = s.jdbcUrl();
        if (blank(url)) {
            p.error(at + ".jdbcUrl", "the JDBC URL is required",
                    "add jdbcUrl: jdbc:sqlserver://host:1433;databaseName=Sales (or jdbc:postgresql://host:5432/db)");
        } else if (URL_PASSWORD.matcher(url).find()) {
            // never echo the URL: it holds a password
            p.error(at + ".jdbcUrl", "the JDBC URL carries a password (not repeated here)",
                    "remove the password from jdbcUrl, rotate it since it was written to a file, and give "
                            + "credentials: {secretArn: ...} (AWS) or credentials: {env: VAR} (local)");
        } else if (embedded) {
            if (s.engine() != null && s.engine() != Engine.POSTGRESQL) {
                p.error(at + ".jdbcUrl", "embedded:demo is an embedded PostgreSQL database, but the engine is "
                        + name(s.engine()), "use engine: postgresql with jdbcUrl: embedded:demo");
            }
        } else if (s.engine() != null) {
            String prefix = s.engine() == Engine.SQLSERVER ? "jdbc:sqlserver:" : "jdbc:postgresql:";
            if (!url.startsWith(prefix)) {
                p.error(at + ".jdbcUrl", "the JDBC URL does not start with " + prefix + " as engine "
                                + name(s.engine()) + " needs",
                        "write jdbcUrl: " + prefix + "//host:port..., or correct the engine");
            }
        }
        CredentialsConfig c = s.credentials();
        if (c == null || (blank(c.secretArn()) && blank(c.env()))) {
            if (!embedded) {
                p.error(at + ".credentials", "credentials are required",
                        "add credentials: {secretArn: arn:aws:secretsmanager:<region>:<account>:secret:<name>} "
                                + "(AWS) or credentials: {env: SALES_DB_CREDENTIALS} (local; the variable holds "
                                + "{\"username\":...,\"password\":...})");
            }
        } else {
            if (c.secretArn() != null && !SECRET_ARN.matcher(c.secretArn()).matches()) {
                p.error(at + ".credentials.secretArn", "'" + c.secretArn() + "' is not a Secrets Manager secret ARN",
                        "write arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>");
            }
            if (c.env() != null && !ENV_VAR.matcher(c.env()).matches()) {
                p.error(at + ".credentials.env", "'" + c.env() + "' is not an environment variable name",
                        "use letters, digits and _, not starting with a digit (e.g. SALES_DB_CREDENTIALS)");
            }
        }
        if (s.vpc() != null) {
            vpc(p, at + ".vpc", s.vpc());
        }
        if (s.readBudget() < 1 || s.readBudget() > 64) {
            p.error(at + ".readBudget", "readBudget " + s.readBudget() + " is outside 1..64",
                    "set the number of chunk queries the source may run at once, 1 to 64 (default 4)");
        }
        Duration timeout = s.queryTimeout();
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            p.error(at + ".queryTimeout", "queryTimeout must be more than zero",
                    "set e.g. queryTimeout: 10m (the default)");
        } else if (timeout.compareTo(MAX_QUERY_TIMEOUT) > 0) {
            p.error(at + ".queryTimeout", "queryTimeout " + friendly(timeout) + " is longer than 14m: a chunk's "
                            + "query must end inside Lambda's 15 minutes",
                    "set queryTimeout: 14m or less, and lower chunk.maxRows if chunks need longer");
        }
        if (s.isolation() == IsolationLevel.READ_UNCOMMITTED) {
            p.warn(at + ".isolation", s.engine() == Engine.POSTGRESQL
                            ? "readUncommitted has no effect on PostgreSQL, which reads committed data anyway"
                            : "readUncommitted (NOLOCK) reads dirty pages: under page splits it can skip or repeat "
                                    + "rows and it sees rows of transactions that later roll back",
                    "use isolation: snapshot (enable ALLOW_SNAPSHOT_ISOLATION on the database) or readCommitted");
        }
        if (s.tls() == TlsMode.DISABLE && !embedded) {
            p.warn(at + ".tls", "tls: disable sends rows and credentials unencrypted",
                    "use tls: verify (or require when the server's certificate cannot be validated)");
        }
        if (s.fetchSize() < 100 || s.fetchSize() > 1_000_000) {
            p.error(at + ".fetchSize", "fetchSize " + s.fetchSize() + " is outside 100..1,000,000",
                    "set the rows fetched per round trip between 100 and 1000000 (default 10000)");
        }
    }

    private static void vpc(Problems p, String at, VpcConfig vpc) {
        if (vpc.vpcId() != null && !VPC_ID.matcher(vpc.vpcId()).matches()) {
            p.error(at + ".vpcId", "'" + vpc.vpcId() + "' is not a VPC id", "write vpc- followed by hex digits");
        }
        if (vpc.subnetIds().isEmpty()) {
            p.error(at + ".subnetIds", "a VPC source needs at least one subnet",
                    "list the private subnets the extract Lambda runs in, e.g. [subnet-0a1b2c3d4e5f60718]");
        }
        for (int i = 0; i < vpc.subnetIds().size(); i++) {
            String id = vpc.subnetIds().get(i);
            if (id == null || !SUBNET_ID.matcher(id).matches()) {
                p.error(at + ".subnetIds[" + i + "]", "'" + id + "' is not a subnet id",
                        "write subnet- followed by hex digits");
            }
        }
        if (vpc.securityGroupIds().isEmpty()) {
            p.error(at + ".securityGroupIds", "a VPC source needs at least one security group",
                    "list a security group the source database admits, e.g. [sg-0a1b2c3d4e5f60718]");
        }
        for (int i = 0; i < vpc.securityGroupIds().size(); i++) {
            String id = vpc.securityGroupIds().get(i);
            if (id == null || !SECURITY_GROUP_ID.matcher(id).matches()) {
                p.error(at + ".securityGroupIds[" + i + "]", "'" + id + "' is not a security group id",
                        "write sg- followed by hex digits");
            }
        }
        for (int i = 0; i < vpc.availabilityZones().size(); i++) {
            String az = vpc.availabilityZones().get(i);
            if (az == null || !AVAILABILITY_ZONE.matcher(az).matches()) {
                p.error(at + ".availabilityZones[" + i + "]", "'" + az + "' is not an availability zone",
                        "write the zone name, e.g. eu-west-1a");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // lake, warehouse, notifications

    private static void lake(Problems p, LakeConfig lake, EnvironmentConfig env) {
        if (lake == null) {
            p.error("lake", "lake is required", "add lake: {bucket: <env>-sluice-lake}");
            return;
        }
        if (blank(lake.bucket())) {
            p.error("lake.bucket", "the lake bucket name is required", "add bucket: <env>-sluice-lake under lake");
        } else {
            bucketProblem(lake.bucket()).ifPresent(problem -> p.error("lake.bucket", problem,
                    "use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or "
                            + "digit, e.g. acme-dev-sluice-lake"));
        }
        prefix(p, "lake.rawPrefix", lake.rawPrefix(), ConfigDefaults.RAW_PREFIX);
        prefix(p, "lake.statePrefix", lake.statePrefix(), ConfigDefaults.STATE_PREFIX);
        if (lake.rawPrefix() != null && lake.statePrefix() != null
                && (lake.rawPrefix().startsWith(lake.statePrefix()) || lake.statePrefix().startsWith(lake.rawPrefix()))) {
            p.error("lake.statePrefix", "statePrefix and rawPrefix overlap, so the crawler would catalog state "
                    + "files as data", "use separate prefixes, e.g. raw/ and _sluice/ (the defaults)");
        }
        if (lake.kmsKeyArn() != null) {
            var m = KMS_ARN.matcher(lake.kmsKeyArn());
            if (!m.matches()) {
                p.error("lake.kmsKeyArn", "'" + lake.kmsKeyArn() + "' is not a KMS key or alias ARN",
                        "write arn:aws:kms:<region>:<account>:key/<key id> or ...:alias/<name>, or remove it to "
                                + "use S3-managed encryption");
            } else if (env != null && env.region() != null && !m.group(1).equals(env.region())) {
                p.error("lake.kmsKeyArn", "the KMS key is in " + m.group(1) + " but the lake bucket is in "
                        + env.region(), "use a key in " + env.region() + " (S3 needs a key in the bucket's region)");
            }
        }
        if (lake.rawRetentionDays() != null && lake.rawRetentionDays() < 1) {
            p.error("lake.rawRetentionDays", "rawRetentionDays " + lake.rawRetentionDays() + " is less than 1",
                    "set a number of days of at least 1, or remove it to keep raw data");
        }
    }

    /** What breaks the S3 bucket naming rules in {@code bucket}, if anything. */
    static Optional<String> bucketProblem(String bucket) {
        String problem = null;
        if (bucket.length() < 3 || bucket.length() > 63) {
            problem = "has " + bucket.length() + (bucket.length() == 1 ? " character" : " characters")
                    + "; S3 bucket names have 3 to 63";
        } else if (!BUCKET_CHARS.matcher(bucket).matches()) {
            problem = "may hold only lower-case letters, digits, dots and hyphens and must start and end with a "
                    + "letter or digit";
        } else if (bucket.contains("..")) {
            problem = "has two adjacent dots";
        } else if (IP_ADDRESS.matcher(bucket).matches()) {
            problem = "is formatted as an IP address";
        } else if (bucket.startsWith("xn--") || bucket.startsWith("sthree-")) {
            problem = "starts with a prefix S3 reserves (xn--, sthree-)";
        } else if (bucket.endsWith("-s3alias") || bucket.endsWith("--ol-s3") || bucket.endsWith("--x-s3")
                || bucket.endsWith(".mrap")) {
            problem = "ends with a suffix S3 reserves (-s3alias, --ol-s3, --x-s3, .mrap)";
        }
        return Optional.ofNullable(problem).map(what -> "bucket name '" + bucket + "' " + what);
    }

    private static void prefix(Problems p, String at, String prefix, String example) {
        if (prefix == null || prefix.isEmpty()) {
            p.error(at, "the prefix is empty", "write a prefix ending with /, e.g. " + example);
        } else if (prefix.startsWith("/") || !prefix.endsWith("/")) {
            p.error(at, "prefix '" + prefix + "' must end with / and must not start with /",
                    "write it as " + prefix.replaceAll("^/+", "").replaceAll("/*$", "/"));
        }
    }

    private static void warehouse(Problems p, WarehouseConfig w) {
        boolean workgroup = !blank(w.workgroup());
        boolean cluster = !blank(w.clusterId());
        if (workgroup == cluster) {
            p.error("warehouse", workgroup ? "both workgroup and clusterId are set"
                            : "neither workgroup nor clusterId is set",
                    "set workgroup: <name> for Redshift Serverless or clusterId: <id> for a provisioned cluster, "
                            + "not both");
        }
        if (workgroup && !WORKGROUP.matcher(w.workgroup()).matches()) {
            p.error("warehouse.workgroup", "'" + w.workgroup() + "' is not a Redshift Serverless workgroup name",
                    "use 3-64 lower-case letters, digits and hyphens");
        }
        if (cluster && !CLUSTER_ID.matcher(w.clusterId()).matches()) {
            p.error("warehouse.clusterId", "'" + w.clusterId() + "' is not a Redshift cluster identifier",
                    "use lower-case letters, digits and single hyphens, starting with a letter, at most 63 "
                            + "characters");
        }
        if (blank(w.database())) {
            p.error("warehouse.database", "the Redshift database is required", "add database: analytics");
        } else if (!TableRef.isIdentifier(w.database())) {
            p.error("warehouse.database", "'" + w.database() + "' is not a valid database name", identifierFix());
        }
        if (w.secretArn() != null && !SECRET_ARN.matcher(w.secretArn()).matches()) {
            p.error("warehouse.secretArn", "'" + w.secretArn() + "' is not a Secrets Manager secret ARN",
                    "write arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>, or remove it to use "
                            + "IAM temporary credentials");
        }
        if (w.copyRoleArn() != null && !ROLE_ARN.matcher(w.copyRoleArn()).matches()) {
            p.error("warehouse.copyRoleArn", "'" + w.copyRoleArn() + "' is not an IAM role ARN",
                    "write arn:aws:iam::<12-digit account>:role/<name>, or remove it and the CDK app creates one");
        }
        if (w.dbUser() != null && workgroup && !cluster) {
            p.error("warehouse.dbUser", "dbUser applies to provisioned clusters only",
                    "remove dbUser: Redshift Serverless maps the caller's IAM identity, or use secretArn");
        }
        if (w.dbUser() != null && !TableRef.isIdentifier(w.dbUser())) {
            p.error("warehouse.dbUser", "'" + w.dbUser() + "' is not a valid user name", identifierFix());
        }
        if (w.ledgerSchema() == null || !TableRef.isIdentifier(w.ledgerSchema())) {
            p.error("warehouse.ledgerSchema", "'" + w.ledgerSchema() + "' is not a valid schema name",
                    identifierFix() + " (default sluice)");
        }
    }

    private static void notifications(Problems p, NotificationsConfig n) {
        if (n.topicName() != null && n.topicArn() != null) {
            p.error("notifications", "both topicName and topicArn are set",
                    "keep topicArn to use an existing topic, or topicName to have the CDK app create one");
        }
        if (n.topicName() != null && !TOPIC_NAME.matcher(n.topicName()).matches()) {
            p.error("notifications.topicName", "'" + n.topicName() + "' is not an SNS topic name",
                    "use 1-256 letters, digits, _ and -");
        }
        if (n.topicArn() != null && !TOPIC_ARN.matcher(n.topicArn()).matches()) {
            p.error("notifications.topicArn", "'" + n.topicArn() + "' is not an SNS topic ARN",
                    "write arn:aws:sns:<region>:<12-digit account>:<topic name>");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // tables

    private static void tables(Problems p, SluiceConfig config) {
        if (config.tables().isEmpty()) {
            p.error("tables", "at least one table is required",
                    "add tables: with source, table, watermark (see config/prod.example.yaml)");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < config.tables().size(); i++) {
            String at = "tables[" + i + "]";
            TableConfig t = config.tables().get(i);
            if (t == null) {
                p.error(at, "the table entry is empty", "give it source, table and watermark, or remove the dash");
                continue;
            }
            SourceConfig source = null;
            if (blank(t.source())) {
                p.error(at + ".source", "the table's source is required", "add source: <a name from sources>");
            } else {
                source = config.source(t.source()).orElse(null);
                if (source == null) {
                    p.error(at + ".source", "source '" + t.source() + "' is not defined; defined sources: "
                                    + config.sources().stream().filter(Objects::nonNull).map(SourceConfig::name)
                                    .collect(Collectors.joining(", ")),
                            "use one of the names under sources, or add a source named '" + t.source() + "'");
                }
            }
            TableRef ref = null;
            if (blank(t.table())) {
                p.error(at + ".table", "the table name is required", "add table: <schema>.<table>, e.g. sales.orders");
            } else {
                try {
                    ref = TableRef.parse(t.table());
                } catch (IllegalArgumentException e) {
                    p.error(at + ".table", e.getMessage(), "write table: <schema>.<table> as the source names it, "
                            + "e.g. dbo.Orders or sales.orders");
                }
            }
            if (ref != null && t.source() != null) {
                String key = t.source() + "/" + ref.toString().toLowerCase(Locale.ROOT);
                Integer first = seen.putIfAbsent(key, i);
                if (first != null) {
                    p.error(at + ".table", "table " + ref + " of source " + t.source() + " is listed twice: "
                                    + "tables[" + first + "] and tables[" + i + "]",
                            "keep one entry per source table (merge the settings of tables[" + first + "] and "
                                    + "tables[" + i + "])");
                }
            }
            table(p, at, t, source, ref);
        }
    }

    private static void table(Problems p, String at, TableConfig t, SourceConfig source, TableRef ref) {
        for (int k = 0; k < t.primaryKey().size(); k++) {
            identifier(p, at + ".primaryKey[" + k + "]", t.primaryKey().get(k), "primary key column");
        }
        if (t.primaryKey().stream().filter(Objects::nonNull).map(c -> c.toLowerCase(Locale.ROOT))
                .distinct().count() != t.primaryKey().stream().filter(Objects::nonNull).count()) {
            p.error(at + ".primaryKey", "a column appears twice in the primary key", "list each key column once");
        }
        if (t.splitColumn() != null) {
            identifier(p, at + ".splitColumn", t.splitColumn(), "split column");
        }
        Mode mode = t.target() == null ? null : t.target().mode();
        watermark(p, at, t, source, mode);
        target(p, at, t, mode, ref);
        chunk(p, at + ".chunk", t.chunk());
        t.columns().forEach((column, override) -> {
            String c = at + ".columns." + column;
            identifier(p, c, column, "column");
            if (override == null || override.policy() == null) {
                p.error(c + ".policy", "the column's policy is required",
                        "add policy: acceptLossy, asString or exclude, with a note saying why");
            }
        });
        if (t.schedule() != null) {
            schedule(p, at + ".schedule", t.schedule());
        }
        validation(p, at + ".validation", t.validation());
        if (t.schemaPolicy() == null) {
            p.error(at + ".schemaPolicy", "schemaPolicy is empty", "write evolve (the default) or fail");
        }
        if (t.catalog() == null) {
            p.error(at + ".catalog", "catalog is empty", "write crawler (the default) or partitions");
        }
    }

    private static void watermark(Problems p, String at, TableConfig t, SourceConfig source, Mode mode) {
        WatermarkConfig w = t.watermark();
        String wat = at + ".watermark";
        if (w == null) {
            p.error(wat, "the watermark is required",
                    "add watermark: {type: timestamp, column: updated_at} (or rowversion, key, changeTracking, "
                            + "full)");
            return;
        }
        if (w.type() == null) {
            p.error(wat + ".type", "the watermark type is required",
                    "add type: timestamp, rowversion, key, changeTracking or full");
            return;
        }
        String type = name(w.type());
        switch (w.type()) {
            case TIMESTAMP, ROWVERSION, KEY -> {
                if (blank(w.column())) {
                    p.error(wat + ".column", "a " + type + " watermark needs its column",
                            "add column: <" + switch (w.type()) {
                                case TIMESTAMP -> "last-modified timestamp column, e.g. updated_at";
                                case ROWVERSION -> "rowversion column, e.g. RowVer";
                                default -> "ever-increasing key column, e.g. event_id";
                            } + ">");
                } else {
                    identifier(p, wat + ".column", w.column(), "watermark column");
                }
            }
            case CHANGE_TRACKING, FULL -> {
                if (w.column() != null) {
                    p.error(wat + ".column", "a " + type + " watermark takes no column",
                            w.type() == Type.FULL ? "remove column: a full watermark reads the whole table each run"
                                    : "remove column: change tracking follows the table's primary key");
                }
            }
        }
        if ((w.type() == Type.ROWVERSION || w.type() == Type.CHANGE_TRACKING) && source != null
                && source.engine() != null && source.engine() != Engine.SQLSERVER) {
            p.error(wat + ".type", "a " + type + " watermark needs a SQL Server source, but source '"
                            + source.name() + "' is " + name(source.engine()),
                    "use type: timestamp with a last-modified column, or key for an append-only table");
        }
        if (w.type() == Type.CHANGE_TRACKING && t.primaryKey().isEmpty()) {
            p.error(at + ".primaryKey", "a changeTracking watermark needs the table's primary key",
                    "add primaryKey: [...] with the key columns change tracking reports");
        }
        if (mode != null) {
            if (w.type() == Type.FULL && mode != Mode.REPLACE && mode != Mode.SCD2) {
                p.error(at + ".target.mode", "a full watermark reads the whole table each run, which mode '"
                        + name(mode) + "' would " + (mode == Mode.APPEND ? "append again" : "not prune"),
                        "use mode: replace (or scd2 to keep history)");
            }
            // full and changeTracking watermarks into append are reported by their own checks
            if (mode == Mode.APPEND && (w.type() == Type.TIMESTAMP || w.type() == Type.ROWVERSION)) {
                p.error(at + ".target.mode", "mode 'append' needs a key watermark: a " + type + " watermark "
                                + (w.type() == Type.TIMESTAMP
                                ? "re-reads its lookback window each run, so appending would duplicate rows; "
                                + "only merge deduplicates them by primary key"
                                : "delivers a row again each time it is updated, so appending would duplicate "
                                + "it; only merge keeps one version per primary key"),
                        "use mode: merge with primaryKey: [...], or a key watermark on an ever-increasing column");
            }
            if (mode == Mode.REPLACE && w.type() != Type.FULL) {
                p.error(at + ".target.mode", "mode 'replace' swaps the whole target table each run, but a " + type
                        + " watermark reads only new rows", "use watermark type: full, or mode: merge");
            }
            if (w.type() == Type.CHANGE_TRACKING && mode != Mode.MERGE && mode != Mode.SCD2) {
                p.error(at + ".target.mode", "change tracking delivers updates and deletes, which mode '"
                        + name(mode) + "' cannot apply", "use mode: merge (or scd2 to keep history)");
            }
        }
        slack(p, wat + ".lookback", w.lookback(), w.type(), "lookback");
        slack(p, wat + ".safetyLag", w.safetyLag(), w.type(), "safetyLag");
    }

    private static void slack(Problems p, String at, Duration value, Type type, String what) {
        if (value == null) {
            return;
        }
        if (type != Type.TIMESTAMP) {
            p.error(at, what + " applies to timestamp watermarks only", "remove " + what);
        } else if (value.isNegative()) {
            p.error(at, what + " " + friendly(value) + " is negative", "set " + what + ": 0s or more");
        } else if (value.compareTo(MAX_WINDOW_SLACK) > 0) {
            p.error(at, what + " " + friendly(value) + " is longer than 7 days",
                    "set " + what + " to at most 7d (a window that old belongs to a backfill, not an increment)");
        }
    }

    private static void target(Problems p, String at, TableConfig t, Mode mode, TableRef ref) {
        TargetConfig target = t.target();
        String tat = at + ".target";
        if (target == null) {
            return;
        }
        if (mode == null) {
            p.error(tat + ".mode", "the target mode is empty", "write append, merge, replace or scd2");
        } else if ((mode == Mode.MERGE || mode == Mode.SCD2) && t.primaryKey().isEmpty()) {
            String alternative = t.watermark() != null && t.watermark().type() == Type.KEY ? ", or use mode: append"
                    : t.watermark() != null && t.watermark().type() == Type.FULL ? ", or use mode: replace"
                    : " (mode append needs a key watermark, mode replace a full one)";
            p.error(tat + ".mode", "mode '" + name(mode) + "' needs a primary key",
                    "add primaryKey: [" + keyHint(t, ref) + "] to the table" + alternative);
        }
        if (target.schema() != null) {
            identifier(p, tat + ".schema", target.schema(), "target schema");
        } else if (ref != null) {
            p.error(tat + ".schema", "the target schema is empty", "write schema: " + ref.schema());
        }
        if (target.table() != null) {
            identifier(p, tat + ".table", target.table(), "target table");
        } else if (ref != null) {
            p.error(tat + ".table", "the target table is empty", "write table: " + ref.table());
        }
        if (target.distKey() != null) {
            identifier(p, tat + ".distKey", target.distKey(), "distribution key column");
        }
        for (int k = 0; k < target.sortKeys().size(); k++) {
            identifier(p, tat + ".sortKeys[" + k + "]", target.sortKeys().get(k), "sort key column");
        }
    }

    /** The key column to suggest: the split column or key watermark when set, else a guess from the table name. */
    private static String keyHint(TableConfig t, TableRef ref) {
        if (t.splitColumn() != null) {
            return t.splitColumn();
        }
        if (t.watermark() != null && t.watermark().type() == Type.KEY && t.watermark().column() != null) {
            return t.watermark().column();
        }
        if (ref == null) {
            return "<key column>";
        }
        String name = ref.table();
        String singular = name.endsWith("ies") ? name.substring(0, name.length() - 3) + "y"
                : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        // follow the table's own naming style: Orders -> OrderID, orders -> order_id
        return singular + (name.equals(name.toLowerCase(Locale.ROOT)) ? "_id" : "ID");
    }

    private static void chunk(Problems p, String at, ChunkBounds chunk) {
        if (chunk == null) {
            return;
        }
        if (chunk.maxRows() < ChunkBounds.MIN_ROWS || chunk.maxRows() > ChunkBounds.MAX_ROWS) {
            p.error(at + ".maxRows", "maxRows " + chunk.maxRows() + " is outside " + ChunkBounds.MIN_ROWS + ".."
                            + ChunkBounds.MAX_ROWS,
                    "set maxRows between " + ChunkBounds.MIN_ROWS + " and " + ChunkBounds.MAX_ROWS + " (default "
                            + ChunkBounds.DEFAULT.maxRows() + ")");
        }
        if (chunk.maxBytes() < ChunkBounds.MIN_BYTES || chunk.maxBytes() > ChunkBounds.MAX_BYTES) {
            p.error(at + ".maxBytes", "maxBytes " + chunk.maxBytes() + " is outside 1MiB..8GiB ("
                            + ChunkBounds.MIN_BYTES + ".." + ChunkBounds.MAX_BYTES + " bytes)",
                    "set maxBytes between 1MiB and 8GiB, e.g. 512MiB (default 1GiB)");
        }
    }

    private static void schedule(Problems p, String at, ScheduleConfig s) {
        if (blank(s.cron())) {
            p.error(at + ".cron", "the schedule expression is required", ScheduleExpression.CRON_FIX);
        } else {
            ScheduleExpression.problem(s.cron()).ifPresent(problem ->
                    p.error(at + ".cron", problem, ScheduleExpression.CRON_FIX));
        }
        if (s.timeZone() != null && !ZoneId.getAvailableZoneIds().contains(s.timeZone())) {
            p.error(at + ".timeZone", "'" + s.timeZone() + "' is not an IANA time zone",
                    "write a region-based zone such as Europe/London, America/New_York or UTC (fixed offsets "
                            + "like +01:00 do not follow daylight saving)");
        }
        if (s.offPeak() != null) {
            if (s.offPeak().start() == null || s.offPeak().end() == null) {
                p.error(at + ".offPeak", "the off-peak window needs both start and end",
                        "write offPeak: {start: \"22:00\", end: \"06:00\"}");
            } else if (s.offPeak().start().equals(s.offPeak().end())) {
                p.error(at + ".offPeak", "the off-peak window starts and ends at " + s.offPeak().start()
                        + ", so it is empty", "give different times (start > end spans midnight, e.g. 22:00 to "
                        + "06:00), or remove offPeak to read at any hour");
            }
        }
        if (s.flexibleWindowMinutes() != null
                && (s.flexibleWindowMinutes() < 1 || s.flexibleWindowMinutes() > 1440)) {
            p.error(at + ".flexibleWindowMinutes", "flexibleWindowMinutes " + s.flexibleWindowMinutes()
                    + " is outside 1..1440", "set 1 to 1440 minutes, or remove it for an exact start time");
        }
    }

    private static void validation(Problems p, String at, ValidationOptions v) {
        if (v == null) {
            return;
        }
        if (v.sampleSize() < 0 || v.sampleSize() > 100_000) {
            p.error(at + ".sampleSize", "sampleSize " + v.sampleSize() + " is outside 0..100,000",
                    "set how many keys to re-read from the source, 0 to 100000 (default "
                            + ValidationOptions.DEFAULT.sampleSize() + ")");
        }
        if (!(v.floatSumTolerance() >= 0 && v.floatSumTolerance() <= 0.01)) {
            p.error(at + ".floatSumTolerance", "floatSumTolerance " + v.floatSumTolerance() + " is outside 0..0.01",
                    "set a relative tolerance between 0 and 0.01 (default " + ValidationOptions.DEFAULT
                            .floatSumTolerance() + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // against the introspected source table

    /**
     * The problems only the source table can reveal, for {@code table} (entry {@code tableIndex} of {@code file}):
     * columns named in config that the table lacks (watermark, primary key, split, overrides, distribution and
     * sort keys), a merge or scd2 table with no primary key in config nor in the source (errors); a configured
     * primary key that differs from the source's, a watermark column of an unexpected type or nullable (warnings).
     */
    public static List<ConfigProblem> checkAgainstSource(Path file, int tableIndex, TableConfig table,
            SourceTable source) {
        Problems p = new Problems(file.toString());
        String at = "tables[" + tableIndex + "]";
        String tableName = source.ref().toString();

        WatermarkConfig w = table.watermark();
        if (w != null && w.column() != null) {
            Optional<SourceColumn> column = source.column(w.column());
            Set<String> types = switch (w.type()) {
                case ROWVERSION -> ROWVERSION_TYPES;
                case KEY -> KEY_TYPES;
                default -> TIMESTAMP_TYPES;
            };
            if (column.isEmpty()) {
                List<String> candidates = source.columns().stream().filter(c -> types.contains(c.typeName()))
                        .map(SourceColumn::name).toList();
                p.error(at + ".watermark.column", "column '" + w.column() + "' is not in " + tableName
                                + "; " + (candidates.isEmpty() ? "the table has no " + kind(w.type()) + " columns"
                                : kind(w.type()) + " columns: " + String.join(", ", candidates)),
                        candidates.isEmpty() ? "use watermark type full, or add a " + kind(w.type())
                                + " column to the source table"
                                : "set column: to one of " + String.join(", ", candidates));
            } else {
                SourceColumn c = column.get();
                if (!types.contains(c.typeName())) {
                    p.warn(at + ".watermark.column", "column '" + c.name() + "' of " + tableName + " is "
                            + c.typeName() + ", not a " + kind(w.type()) + " type", "check that it only grows "
                            + "with every insert or update, or pick a " + kind(w.type()) + " column");
                }
                if (w.type() == Type.TIMESTAMP && c.nullable()) {
                    p.warn(at + ".watermark.column", "column '" + c.name() + "' of " + tableName + " is nullable; "
                            + "rows whose " + c.name() + " is NULL are never picked up by incremental runs",
                            "make the column NOT NULL in the source, or run a full reload now and then");
                }
            }
        }
        for (int k = 0; k < table.primaryKey().size(); k++) {
            requireColumn(p, at + ".primaryKey[" + k + "]", table.primaryKey().get(k), source, "primary key");
        }
        if (!table.primaryKey().isEmpty() && !source.primaryKey().isEmpty()
                && !sameColumns(table.primaryKey(), source.primaryKey())) {
            p.warn(at + ".primaryKey", "the configured primary key [" + String.join(", ", table.primaryKey())
                            + "] differs from the source's [" + String.join(", ", source.primaryKey()) + "]",
                    "keep it only if the configured columns are unique in " + tableName
                            + "; otherwise remove primaryKey to use the source's");
        }
        if (table.splitColumn() != null) {
            requireColumn(p, at + ".splitColumn", table.splitColumn(), source, "split");
        }
        for (String column : table.columns().keySet()) {
            requireColumn(p, at + ".columns." + column, column, source, "override");
        }
        if (table.target() != null) {
            if (table.target().distKey() != null) {
                requireColumn(p, at + ".target.distKey", table.target().distKey(), source, "distribution key");
            }
            for (int k = 0; k < table.target().sortKeys().size(); k++) {
                requireColumn(p, at + ".target.sortKeys[" + k + "]", table.target().sortKeys().get(k), source,
                        "sort key");
            }
            Mode mode = table.target().mode();
            if ((mode == Mode.MERGE || mode == Mode.SCD2) && table.effectivePrimaryKey(source).isEmpty()) {
                Optional<SourceIndex> unique = source.indexes().stream().filter(SourceIndex::unique).findFirst();
                p.error(at + ".target.mode", "mode '" + name(mode) + "' needs a primary key, and " + tableName
                                + " has none in config nor in the source",
                        unique.map(i -> "add primaryKey: [" + String.join(", ", i.columns())
                                        + "] (the columns of unique index " + i.name() + ")")
                                .orElse("add primaryKey: [...] naming columns that are unique in " + tableName)
                                + ", or use mode: append with a key watermark");
            }
        }
        return p.list;
    }

    private static void requireColumn(Problems p, String at, String column, SourceTable source, String role) {
        if (column != null && source.column(column).isEmpty()) {
            Optional<String> close = ConfigLoader.closest(column,
                    source.columns().stream().map(SourceColumn::name).toList());
            p.error(at, role + " column '" + column + "' is not in " + source.ref(),
                    close.map(c -> "did you mean '" + c + "'? ").orElse("")
                            + "use a column of the table: " + source.columns().stream().map(SourceColumn::name)
                            .collect(Collectors.joining(", ")));
        }
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Type type) {
        return switch (type) {
            case ROWVERSION -> "rowversion";
            case KEY -> "integer";
            default -> "timestamp";
        };
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void identifier(Problems p, String at, String name, String what) {
        if (!TableRef.isIdentifier(name)) {
            p.error(at, "'" + name + "' is not a valid " + what + " name", identifierFix());
        }
    }

    private static String identifierFix() {
        return "use the name as the database spells it: letters, digits, _, $ or #, not starting with a digit, "
                + "at most 128 characters";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String name(Enum<?> value) {
        return ConfigLoader.enumNames(value.getDeclaringClass()).get(value.ordinal());
    }

    private static String friendly(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** The problems found so far, in the order found. */
    private static final class Problems {
        private final String file;
        private final List<ConfigProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void error(String path, String problem, String fix) {
            list.add(new ConfigProblem(file, path, problem, fix, Severity.ERROR));
        }

        void warn(String path, String problem, String fix) {
            list.add(new ConfigProblem(file, path, problem, fix, Severity.WARNING));
        }
    }
}
