package dev.sluice.core.config;

import static dev.sluice.core.config.ConfigDraft.FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each static check of {@link ConfigValidator}, through {@link ConfigLoader} as a user meets it. */
class ConfigValidatorTest {

    private static ConfigDraft draft() {
        return ConfigDraft.minimal();
    }

    private static Arguments rejection(String why, Supplier<ConfigDraft> draft, String path, String problem,
            String fix) {
        return arguments(why, draft, path, problem, fix);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                // environment
                rejection("environment missing", () -> draft().remove("/environment"),
                        "environment", "environment is required", "add environment: {name: dev"),
                rejection("environment name missing", () -> draft().remove("/environment/name"),
                        "environment.name", "the environment name is required", "add name: dev"),
                rejection("environment name unusable", () -> draft().set("/environment/name", "dev env"),
                        "environment.name", "'dev env' is not a usable environment name", "letters, digits and hyphens"),
                rejection("region missing", () -> draft().remove("/environment/region"),
                        "environment.region", "the AWS region is required", "add region: eu-west-1"),
                rejection("region malformed", () -> draft().set("/environment/region", "Ireland"),
                        "environment.region", "'Ireland' is not an AWS region code", "eu-west-1"),
                rejection("account not 12 digits", () -> draft().set("/environment/account", "12345"),
                        "environment.account", "'12345' is not a 12-digit AWS account id", "in quotes"),
                // sources
                rejection("no sources", () -> draft().set("/sources", List.of()),
                        "sources", "at least one source is required", "add sources:"),
                rejection("duplicate source names", () -> draft().set("/sources/1/name", "erp"),
                        "sources[1].name", "source name 'erp' is already used by sources[0]", "its own name"),
                rejection("source name unusable", () -> draft().set("/sources/1/name", "Billing DB"),
                        "sources[1].name", "'Billing DB' is not a usable source name", "lower-case letters"),
                rejection("engine missing", () -> draft().remove("/sources/0/engine"),
                        "sources[0].engine", "the engine is required", "engine: sqlserver or engine: postgresql"),
                rejection("jdbcUrl missing", () -> draft().remove("/sources/0/jdbcUrl"),
                        "sources[0].jdbcUrl", "the JDBC URL is required", "jdbc:sqlserver://"),
                rejection("jdbcUrl prefix of another engine",
                        () -> draft().set("/sources/0/jdbcUrl", "jdbc:postgresql://erp/sales"),
                        "sources[0].jdbcUrl", "does not start with jdbc:sqlserver: as engine sqlserver needs",
                        "jdbcUrl: jdbc:sqlserver://"),
                rejection("postgresql URL for sqlserver the other way round",
                        () -> draft().set("/sources/1/jdbcUrl", "jdbc:sqlserver://billing;databaseName=b"),
                        "sources[1].jdbcUrl", "does not start with jdbc:postgresql:", "jdbc:postgresql://"),
                rejection("embedded demo on sqlserver", () -> draft().set("/sources/0/jdbcUrl", "embedded:demo"),
                        "sources[0].jdbcUrl", "embedded:demo is an embedded PostgreSQL database, but the engine is "
                                + "sqlserver", "engine: postgresql"),
                rejection("credentials missing", () -> draft().remove("/sources/0/credentials"),
                        "sources[0].credentials", "credentials are required", "secretArn"),
                rejection("credentials empty", () -> draft().set("/sources/0/credentials", Map.of()),
                        "sources[0].credentials", "credentials are required", "env: SALES_DB_CREDENTIALS"),
                rejection("secretArn malformed",
                        () -> draft().set("/sources/1/credentials/secretArn", "arn:aws:ssm:eu-west-1:1:parameter/x"),
                        "sources[1].credentials.secretArn", "is not a Secrets Manager secret ARN",
                        "arn:aws:secretsmanager:<region>"),
                rejection("env name malformed", () -> draft().set("/sources/0/credentials/env", "1-CREDS"),
                        "sources[0].credentials.env", "'1-CREDS' is not an environment variable name", "letters"),
                rejection("readBudget 0", () -> draft().set("/sources/0/readBudget", 0),
                        "sources[0].readBudget", "readBudget 0 is outside 1..64", "1 to 64 (default 4)"),
                rejection("readBudget 65", () -> draft().set("/sources/0/readBudget", 65),
                        "sources[0].readBudget", "readBudget 65 is outside 1..64", "1 to 64"),
                rejection("queryTimeout zero", () -> draft().set("/sources/0/queryTimeout", "0s"),
                        "sources[0].queryTimeout", "queryTimeout must be more than zero", "10m"),
                rejection("queryTimeout beyond Lambda", () -> draft().set("/sources/0/queryTimeout", "15m"),
                        "sources[0].queryTimeout", "queryTimeout 15m is longer than 14m: a chunk's query must end "
                                + "inside Lambda's 15 minutes", "queryTimeout: 14m or less"),
                rejection("fetchSize too small", () -> draft().set("/sources/0/fetchSize", 99),
                        "sources[0].fetchSize", "fetchSize 99 is outside 100..1,000,000", "default 10000"),
                rejection("fetchSize too large", () -> draft().set("/sources/0/fetchSize", 1_000_001),
                        "sources[0].fetchSize", "fetchSize 1000001 is outside 100..1,000,000", "between 100"),
                rejection("vpc without subnets", () -> draft().set("/sources/0/vpc",
                                Map.of("securityGroupIds", List.of("sg-0123456789abcdef0"))),
                        "sources[0].vpc.subnetIds", "a VPC source needs at least one subnet", "private subnets"),
                rejection("vpc without security groups", () -> draft().set("/sources/0/vpc",
                                Map.of("subnetIds", List.of("subnet-0123456789abcdef0"))),
                        "sources[0].vpc.securityGroupIds", "at least one security group", "sg-"),
                rejection("subnet id malformed", () -> draft().set("/sources/0/vpc", Map.of(
                                "subnetIds", List.of("subnet-0123456789abcdef0", "private-a"),
                                "securityGroupIds", List.of("sg-0123456789abcdef0"))),
                        "sources[0].vpc.subnetIds[1]", "'private-a' is not a subnet id", "subnet-"),
                // lake
                rejection("lake missing", () -> draft().remove("/lake"), "lake", "lake is required", "bucket"),
                rejection("bucket missing", () -> draft().set("/lake", Map.of("codec", "zstd")),
                        "lake.bucket", "the lake bucket name is required", "add bucket:"),
                rejection("rawPrefix starts with /", () -> draft().set("/lake/rawPrefix", "/raw/"),
                        "lake.rawPrefix", "prefix '/raw/' must end with / and must not start with /",
                        "write it as raw/"),
                rejection("statePrefix without trailing /", () -> draft().set("/lake/statePrefix", "state"),
                        "lake.statePrefix", "prefix 'state' must end with /", "write it as state/"),
                rejection("prefixes overlap", () -> draft().set("/lake/statePrefix", "raw/_state/"),
                        "lake.statePrefix", "statePrefix and rawPrefix overlap", "raw/ and _sluice/"),
                rejection("kms key malformed", () -> draft().set("/lake/kmsKeyArn", "alias/lake"),
                        "lake.kmsKeyArn", "'alias/lake' is not a KMS key or alias ARN", "arn:aws:kms:"),
                rejection("kms key in another region", () -> draft().set("/lake/kmsKeyArn",
                                "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                        "lake.kmsKeyArn", "the KMS key is in us-east-1 but the lake bucket is in eu-west-1",
                        "use a key in eu-west-1"),
                rejection("raw retention below a day", () -> draft().set("/lake/rawRetentionDays", 0),
                        "lake.rawRetentionDays", "rawRetentionDays 0 is less than 1", "at least 1"),
                // warehouse
                rejection("warehouse with workgroup and cluster", () -> draft().set("/warehouse",
                                Map.of("workgroup", "wg", "clusterId", "dw", "database", "analytics")),
                        "warehouse", "both workgroup and clusterId are set", "not both"),
                rejection("warehouse with neither", () -> draft().set("/warehouse", Map.of("database", "analytics")),
                        "warehouse", "neither workgroup nor clusterId is set", "workgroup: <name>"),
                rejection("warehouse database missing", () -> draft().set("/warehouse", Map.of("workgroup", "wg-1")),
                        "warehouse.database", "the Redshift database is required", "add database: analytics"),
                rejection("copy role malformed", () -> draft().set("/warehouse", Map.of("workgroup", "wg-1",
                                "database", "analytics", "copyRoleArn", "arn:aws:iam::123456789012:user/copy")),
                        "warehouse.copyRoleArn", "is not an IAM role ARN", "arn:aws:iam::<12-digit account>:role/"),
                rejection("warehouse secret malformed", () -> draft().set("/warehouse", Map.of("workgroup", "wg-1",
                                "database", "analytics", "secretArn", "redshift-secret")),
                        "warehouse.secretArn", "'redshift-secret' is not a Secrets Manager secret ARN",
                        "arn:aws:secretsmanager:"),
                rejection("dbUser on serverless", () -> draft().set("/warehouse", Map.of("workgroup", "wg-1",
                                "database", "analytics", "dbUser", "loader")),
                        "warehouse.dbUser", "dbUser applies to provisioned clusters only", "remove dbUser"),
                // notifications
                rejection("topic ARN malformed", () -> draft().set("/notifications/topicArn", "arn:aws:sqs:x"),
                        "notifications.topicArn", "'arn:aws:sqs:x' is not an SNS topic ARN", "arn:aws:sns:"),
                rejection("topic name and ARN both set", () -> draft().set("/notifications", Map.of("topicName", "t",
                                "topicArn", "arn:aws:sns:eu-west-1:123456789012:t")),
                        "notifications", "both topicName and topicArn are set", "keep topicArn"),
                // tables
                rejection("no tables", () -> draft().set("/tables", List.of()),
                        "tables", "at least one table is required", "add tables:"),
                rejection("table source undefined", () -> draft().set("/tables/0/source", "crm"),
                        "tables[0].source", "source 'crm' is not defined; defined sources: erp, billing",
                        "add a source named 'crm'"),
                rejection("table not schema.table", () -> draft().set("/tables/0/table", "Orders"),
                        "tables[0].table", "'Orders' is not of the form schema.table", "dbo.Orders"),
                rejection("table with bad identifier", () -> draft().set("/tables/0/table", "dbo.Order Lines"),
                        "tables[0].table", "'Order Lines' is not a valid table name", "schema"),
                rejection("duplicate table entries", () -> draft().copyTable(0).copyTable(0)
                                .set("/tables/1/table", "dbo.Lines").set("/tables/2/table", "DBO.orders"),
                        "tables[2].table", "table DBO.orders of source erp is listed twice: tables[0] and tables[2]",
                        "merge the settings of tables[0] and tables[2]"),
                rejection("primary key column not an identifier", () -> draft().set("/tables/0/primaryKey",
                                List.of("OrderID", "1st")),
                        "tables[0].primaryKey[1]", "'1st' is not a valid primary key column name", "letters"),
                rejection("split column not an identifier", () -> draft().set("/tables/0/splitColumn", "Order Id"),
                        "tables[0].splitColumn", "'Order Id' is not a valid split column name", "not starting"),
                rejection("watermark column not an identifier", () -> draft().set("/tables/0/watermark/column",
                                "updated-at"),
                        "tables[0].watermark.column", "'updated-at' is not a valid watermark column name", "letters"),
                rejection("override column not an identifier", () -> draft().set("/tables/0/columns",
                                Map.of("bad col", Map.of("policy", "exclude"))),
                        "tables[0].columns.bad col", "'bad col' is not a valid column name", "letters"),
                rejection("override without policy", () -> draft().set("/tables/0/columns",
                                Map.of("Notes", Map.of("note", "long"))),
                        "tables[0].columns.Notes.policy", "the column's policy is required", "acceptLossy"),
                rejection("merge without primary key", () -> draft().remove("/tables/0/primaryKey")
                                .set("/tables/0/target/mode", "merge"),
                        "tables[0].target.mode", "mode 'merge' needs a primary key",
                        "add primaryKey: [OrderID] to the table (mode append needs a key watermark"),
                rejection("scd2 without primary key", () -> draft().remove("/tables/0/primaryKey")
                                .set("/tables/0/table", "sales.orders").set("/tables/0/target/mode", "scd2"),
                        "tables[0].target.mode", "mode 'scd2' needs a primary key", "add primaryKey: [order_id]"),
                rejection("watermark missing", () -> draft().remove("/tables/0/watermark"),
                        "tables[0].watermark", "the watermark is required", "type: timestamp, column: updated_at"),
                rejection("watermark type missing", () -> draft().remove("/tables/0/watermark/type"),
                        "tables[0].watermark.type", "the watermark type is required", "changeTracking"),
                rejection("timestamp without column", () -> draft().remove("/tables/0/watermark/column"),
                        "tables[0].watermark.column", "a timestamp watermark needs its column", "updated_at"),
                rejection("rowversion without column", () -> draft().set("/tables/0/watermark",
                                Map.of("type", "rowversion")),
                        "tables[0].watermark.column", "a rowversion watermark needs its column", "RowVer"),
                rejection("key without column", () -> draft().set("/tables/0/watermark", Map.of("type", "key")),
                        "tables[0].watermark.column", "a key watermark needs its column", "event_id"),
                rejection("changeTracking with column", () -> draft().set("/tables/0/watermark",
                                Map.of("type", "changeTracking", "column", "RowVer")),
                        "tables[0].watermark.column", "a changeTracking watermark takes no column", "remove column"),
                rejection("full with column", () -> draft().set("/tables/0/watermark",
                                Map.of("type", "full", "column", "UpdatedAt")),
                        "tables[0].watermark.column", "a full watermark takes no column", "remove column"),
                rejection("rowversion on postgresql", () -> draft().set("/tables/0/source", "billing")
                                .set("/tables/0/watermark", Map.of("type", "rowversion", "column", "xmin")),
                        "tables[0].watermark.type", "a rowversion watermark needs a SQL Server source, but source "
                                + "'billing' is postgresql", "use type: timestamp"),
                rejection("changeTracking on postgresql", () -> draft().set("/tables/0/source", "billing")
                                .set("/tables/0/watermark", Map.of("type", "changeTracking")),
                        "tables[0].watermark.type", "a changeTracking watermark needs a SQL Server source", "timestamp"),
                rejection("changeTracking without primary key", () -> draft().remove("/tables/0/primaryKey")
                                .set("/tables/0/watermark", Map.of("type", "changeTracking")),
                        "tables[0].primaryKey", "a changeTracking watermark needs the table's primary key",
                        "add primaryKey"),
                rejection("changeTracking into append", () -> draft().set("/tables/0/watermark",
                                Map.of("type", "changeTracking")).set("/tables/0/target/mode", "append"),
                        "tables[0].target.mode", "change tracking delivers updates and deletes", "use mode: merge"),
                rejection("full with merge", () -> draft().set("/tables/0/watermark", Map.of("type", "full"))
                                .set("/tables/0/target/mode", "merge"),
                        "tables[0].target.mode", "a full watermark reads the whole table each run",
                        "use mode: replace"),
                rejection("full with append", () -> draft().set("/tables/0/watermark", Map.of("type", "full"))
                                .set("/tables/0/target/mode", "append"),
                        "tables[0].target.mode", "would append again", "use mode: replace"),
                rejection("append with timestamp", () -> draft().set("/tables/0/target/mode", "append"),
                        "tables[0].target.mode", "mode 'append' needs a key watermark: a timestamp watermark re-reads "
                                + "its lookback window each run, so appending would duplicate rows; only merge "
                                + "deduplicates them by primary key", "use mode: merge"),
                rejection("replace with timestamp", () -> draft().set("/tables/0/target/mode", "replace"),
                        "tables[0].target.mode", "mode 'replace' swaps the whole target table each run",
                        "watermark type: full"),
                rejection("negative lookback", () -> draft().set("/tables/0/watermark/lookback", "-PT1M"),
                        "tables[0].watermark.lookback", "lookback -1m is negative", "0s or more"),
                rejection("lookback over 7 days", () -> draft().set("/tables/0/watermark/lookback", "8d"),
                        "tables[0].watermark.lookback", "lookback 192h is longer than 7 days", "at most 7d"),
                rejection("safetyLag over 7 days", () -> draft().set("/tables/0/watermark/safetyLag", "169h"),
                        "tables[0].watermark.safetyLag", "safetyLag 169h is longer than 7 days", "at most 7d"),
                rejection("lookback on a key watermark", () -> draft().set("/tables/0/watermark",
                                Map.of("type", "key", "column", "OrderID", "lookback", "5m")),
                        "tables[0].watermark.lookback", "lookback applies to timestamp watermarks only",
                        "remove lookback"),
                rejection("chunk rows too few", () -> draft().set("/tables/0/chunk/maxRows", 999),
                        "tables[0].chunk.maxRows", "maxRows 999 is outside 1000..50000000",
                        "between 1000 and 50000000"),
                rejection("chunk rows too many", () -> draft().set("/tables/0/chunk/maxRows", 50_000_001),
                        "tables[0].chunk.maxRows", "maxRows 50000001 is outside 1000..50000000", "default 2000000"),
                rejection("chunk bytes too few", () -> draft().set("/tables/0/chunk/maxBytes", "512KiB"),
                        "tables[0].chunk.maxBytes", "maxBytes 524288 is outside 1MiB..8GiB", "between 1MiB and 8GiB"),
                rejection("chunk bytes too many", () -> draft().set("/tables/0/chunk/maxBytes", "9GiB"),
                        "tables[0].chunk.maxBytes", "maxBytes 9663676416 is outside 1MiB..8GiB", "512MiB"),
                rejection("cron invalid", () -> draft().set("/tables/0/schedule/cron", "cron(0 2 * * *)"),
                        "tables[0].schedule.cron", "cron(...) needs 6 fields", "cron(15 * * * ? *)"),
                rejection("schedule without cron", () -> draft().set("/tables/0/schedule/timeZone", "UTC"),
                        "tables[0].schedule.cron", "the schedule expression is required", "rate(5 minutes)"),
                rejection("time zone unknown", () -> draft().set("/tables/0/schedule",
                                Map.of("cron", "rate(1 hour)", "timeZone", "Mars/Olympus")),
                        "tables[0].schedule.timeZone", "'Mars/Olympus' is not an IANA time zone", "Europe/London"),
                rejection("time zone as fixed offset", () -> draft().set("/tables/0/schedule",
                                Map.of("cron", "rate(1 hour)", "timeZone", "+01:00")),
                        "tables[0].schedule.timeZone", "'+01:00' is not an IANA time zone", "daylight saving"),
                rejection("off-peak window empty", () -> draft().set("/tables/0/schedule", Map.of("cron",
                                "rate(1 hour)", "offPeak", Map.of("start", "22:00", "end", "22:00"))),
                        "tables[0].schedule.offPeak", "the off-peak window starts and ends at 22:00, so it is empty",
                        "start > end spans midnight"),
                rejection("off-peak without end", () -> draft().set("/tables/0/schedule", Map.of("cron",
                                "rate(1 hour)", "offPeak", Map.of("start", "22:00"))),
                        "tables[0].schedule.offPeak", "needs both start and end", "end: \"06:00\""),
                rejection("flexible window 0", () -> draft().set("/tables/0/schedule",
                                Map.of("cron", "rate(1 hour)", "flexibleWindowMinutes", 0)),
                        "tables[0].schedule.flexibleWindowMinutes", "flexibleWindowMinutes 0 is outside 1..1440",
                        "1 to 1440"),
                rejection("flexible window over a day", () -> draft().set("/tables/0/schedule",
                                Map.of("cron", "rate(1 hour)", "flexibleWindowMinutes", 1441)),
                        "tables[0].schedule.flexibleWindowMinutes", "1441 is outside 1..1440", "1 to 1440"),
                rejection("sample size too large", () -> draft().set("/tables/0/validation/sampleSize", 100_001),
                        "tables[0].validation.sampleSize", "sampleSize 100001 is outside 0..100,000", "default 100"),
                rejection("sample size negative", () -> draft().set("/tables/0/validation/sampleSize", -1),
                        "tables[0].validation.sampleSize", "sampleSize -1 is outside 0..100,000", "0 to 100000"),
                rejection("float tolerance too large", () -> draft().set("/tables/0/validation/floatSumTolerance",
                                0.02),
                        "tables[0].validation.floatSumTolerance", "floatSumTolerance 0.02 is outside 0..0.01",
                        "between 0 and 0.01"),
                rejection("float tolerance negative", () -> draft().set("/tables/0/validation/floatSumTolerance",
                                -0.001),
                        "tables[0].validation.floatSumTolerance", "floatSumTolerance -0.001 is outside 0..0.01",
                        "default 1.0E-9"),
                rejection("target schema not an identifier", () -> draft().set("/tables/0/target/schema", "my-schema"),
                        "tables[0].target.schema", "'my-schema' is not a valid target schema name", "letters"),
                rejection("target table not an identifier", () -> draft().set("/tables/0/target/table", "9orders"),
                        "tables[0].target.table", "'9orders' is not a valid target table name", "letters"),
                rejection("dist key not an identifier", () -> draft().set("/tables/0/target/distKey", "a b"),
                        "tables[0].target.distKey", "'a b' is not a valid distribution key column name", "letters"),
                rejection("sort key not an identifier", () -> draft().set("/tables/0/target/sortKeys",
                                List.of("OrderDate", "x;drop")),
                        "tables[0].target.sortKeys[1]", "'x;drop' is not a valid sort key column name", "letters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejects(String why, Supplier<ConfigDraft> draft, String path, String problem, String fix) {
        ConfigException e = draft.get().reject();
        ConfigProblem p = ConfigDraft.at(e.problems(), path);
        assertThat(p.problem()).contains(problem);
        assertThat(p.fix()).contains(fix);
        assertThat(p.file()).isEqualTo(FILE);
        assertThat(e.getMessage()).contains(FILE + ": " + path + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Test-Lake", "my_lake", "-lake", "lake-", "lake.", "my..lake",
            "192.168.1.10", "xn--lake", "sthree-lake", "lake-s3alias", "lake--ol-s3", "lake--x-s3"})
    void rejectsBucketNamesS3Refuses(String bucket) {
        ConfigException e = draft().set("/lake/bucket", bucket).reject();
        ConfigProblem p = ConfigDraft.at(e.problems(), "lake.bucket");
        assertThat(p.problem()).startsWith("bucket name '" + bucket + "' ");
        assertThat(p.fix()).contains("3-63 lower-case letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "acme-dev-sluice-lake", "acme.dev.lake", "1lake9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void acceptsValidBucketNames(String bucket) {
        assertThat(ConfigValidator.bucketProblem(bucket)).isEmpty();
        assertThat(draft().set("/lake/bucket", bucket).load().lake().bucket()).isEqualTo(bucket);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:sqlserver://erp:1433;databaseName=Sales;user=sluice;password=S3cr3t!x",
            "jdbc:sqlserver://erp:1433;databaseName=Sales;Password = S3cr3t!x",
            "jdbc:sqlserver://erp:1433;databaseName=Sales;pwd=S3cr3t!x"})
    void jdbcUrlWithAPasswordIsRejectedWithoutEchoingIt(String url) {
        ConfigException e = draft().set("/sources/0/jdbcUrl", url).reject();
        ConfigProblem p = ConfigDraft.at(e.problems(), "sources[0].jdbcUrl");
        assertThat(p.problem()).isEqualTo("the JDBC URL carries a password (not repeated here)");
        assertThat(p.fix()).contains("credentials: {secretArn: ...}").contains("rotate it");
        assertThat(e.getMessage()).doesNotContain("S3cr3t").doesNotContain("erp:1433");
    }

    @Test
    void postgresqlUrlWithUserInfoPasswordIsRejectedToo() {
        ConfigException e = draft().set("/sources/1/jdbcUrl", "jdbc:postgresql://sluice:S3cr3t@billing:5432/b")
                .reject();
        assertThat(ConfigDraft.at(e.problems(), "sources[1].jdbcUrl").problem()).contains("carries a password");
        assertThat(e.getMessage()).doesNotContain("S3cr3t");
    }

    @Test
    void noMessageEverEchoesAJdbcUrl() {
        ConfigException e = draft().set("/sources/0/jdbcUrl", "jdbc:postgresql://secret-host/x").reject();
        assertThat(e.getMessage()).doesNotContain("secret-host");
    }

    @Test
    void embeddedDemoNeedsNoCredentialsAndTlsDisableIsKept() {
        SluiceConfig config = draft()
                .set("/sources/1/jdbcUrl", "embedded:demo").remove("/sources/1/credentials")
                .set("/sources/0/tls", "disable")
                .load();
        assertThat(config.sources().get(1).embeddedDemo()).isTrue();
        assertThat(config.sources().get(1).credentials()).isNull();
        assertThat(config.sources().get(0).tls()).isEqualTo(TlsMode.DISABLE);
        assertThat(ConfigValidator.validate(java.nio.file.Path.of(FILE), config))
                .as("warned about, not rejected").noneMatch(ConfigProblem::isError);
    }

    @Test
    void riskyChoicesStatedOnPurposeLoadButWarn() {
        SluiceConfig config = draft()
                .set("/sources/0/isolation", "readUncommitted")
                .set("/sources/0/tls", "disable")
                .set("/sources/1/isolation", "readUncommitted")
                .load();
        List<ConfigProblem> problems = ConfigValidator.validate(java.nio.file.Path.of(FILE), config);
        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactly("sources[0].isolation", "sources[0].tls", "sources[1].isolation");
        assertThat(problems).allSatisfy(p -> assertThat(p.severity()).isEqualTo(ConfigProblem.Severity.WARNING));
        assertThat(problems.get(0).problem()).contains("skip or repeat rows");
        assertThat(problems.get(0).fix()).contains("isolation: snapshot");
        assertThat(problems.get(2).problem()).contains("no effect on PostgreSQL");
    }

    @Test
    void appendWithAKeyWatermarkAndMergeWithTimestampAreAccepted() {
        SluiceConfig config = draft()
                .set("/tables/0/watermark", Map.of("type", "key", "column", "OrderID"))
                .set("/tables/0/target/mode", "append")
                .load();
        assertThat(config.tables().get(0).target().mode()).isEqualTo(TargetConfig.Mode.APPEND);
    }

    @Test
    void theBriefsExampleMessageReadsWholeOnTheFirstLine() {
        ConfigException e = draft().copyTable(0).copyTable(0)
                .set("/tables/1/table", "sales.customers")
                .set("/tables/2/table", "sales.orders").remove("/tables/2/primaryKey")
                .set("/tables/2/watermark", Map.of("type", "key", "column", "order_id"))
                .set("/tables/2/target/mode", "merge")
                .reject();
        assertThat(e.getMessage()).isEqualTo("config/test.yaml: tables[2].target.mode: mode 'merge' needs a primary "
                + "key. Fix: add primaryKey: [order_id] to the table, or use mode: append.");
    }

    @Test
    void validateReturnsNothingForAValidConfig() {
        SluiceConfig config = draft().load();
        assertThat(ConfigValidator.validate(java.nio.file.Path.of(FILE), config)).isEmpty();
    }
}
