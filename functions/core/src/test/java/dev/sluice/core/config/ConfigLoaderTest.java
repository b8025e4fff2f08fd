package dev.sluice.core.config;

import static dev.sluice.core.config.ConfigDraft.FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.config.ColumnOverride.Policy;
import dev.sluice.core.config.ScheduleConfig.OffPeakWindow;
import dev.sluice.core.config.TargetConfig.Mode;
import dev.sluice.core.config.WatermarkConfig.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void minimalConfigGetsEveryDefault() {
        SluiceConfig config = ConfigDraft.minimal()
                .set("/warehouse", Map.of("workgroup", "wg-test", "database", "analytics"))
                .set("/tables/1", Map.of("source", "billing", "table", "public.events",
                        "watermark", Map.of("type", "key", "column", "event_id")))
                .set("/tables/2", Map.of("source", "billing", "table", "public.currencies",
                        "watermark", Map.of("type", "full")))
                .set("/tables/0/schedule", Map.of("cron", "rate(1 hour)"))
                .load();

        SourceConfig erp = config.sources().get(0);
        assertThat(erp.readBudget()).isEqualTo(4);
        assertThat(erp.queryTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(erp.isolation()).isEqualTo(IsolationLevel.SNAPSHOT);
        assertThat(erp.tls()).isEqualTo(TlsMode.VERIFY);
        assertThat(erp.fetchSize()).isEqualTo(10_000);
        assertThat(erp.vpc()).isNull();
        assertThat(config.sources().get(1).isolation()).isEqualTo(IsolationLevel.READ_COMMITTED);

        LakeConfig lake = config.lake();
        assertThat(lake).isEqualTo(new LakeConfig("test-lake", "raw/", "_sluice/", null, LakeConfig.Codec.ZSTD, null));
        assertThat(config.warehouse().ledgerSchema()).isEqualTo("sluice");
        assertThat(config.notifications()).isNull();

        TableConfig orders = config.tables().get(0);
        assertThat(orders.chunk()).isEqualTo(ChunkBounds.DEFAULT);
        assertThat(orders.validation()).isEqualTo(ValidationOptions.DEFAULT);
        assertThat(orders.schemaPolicy()).isEqualTo(SchemaPolicy.EVOLVE);
        assertThat(orders.catalog()).isEqualTo(CatalogMode.CRAWLER);
        assertThat(orders.watermark()).isEqualTo(new WatermarkConfig(Type.TIMESTAMP, "UpdatedAt",
                Duration.ofMinutes(5), Duration.ofSeconds(30)));
        assertThat(orders.schedule()).isEqualTo(new ScheduleConfig("rate(1 hour)", "UTC", null, null));
        assertThat(orders.target()).isEqualTo(new TargetConfig("dbo", "Orders", Mode.MERGE, null, List.of()));
        assertThat(orders.columns()).isEmpty();
        assertThat(orders.splitColumn()).isNull();

        TableConfig events = config.tables().get(1);
        assertThat(events.target()).isEqualTo(new TargetConfig("public", "events", Mode.APPEND, null, List.of()));
        assertThat(events.watermark().lookback()).as("lookback applies to timestamp only").isNull();
        assertThat(config.tables().get(2).target().mode()).isEqualTo(Mode.REPLACE);
    }

    @Test
    void keysLeftEmptyGetTheirDefaultsToo() {
        SluiceConfig config = ConfigDraft.load(ConfigDraft.MINIMAL
                .replace("  env: ERP_CREDENTIALS\n", "  env: ERP_CREDENTIALS\n    readBudget:\n    tls:\n")
                .replace("      column: UpdatedAt\n", "      column: UpdatedAt\n      lookback:\n    target:\n"
                        + "    chunk:\n"));
        assertThat(config.sources().get(0).readBudget()).isEqualTo(4);
        assertThat(config.sources().get(0).tls()).isEqualTo(TlsMode.VERIFY);
        assertThat(config.tables().get(0).watermark().lookback()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.tables().get(0).target().mode()).isEqualTo(Mode.MERGE);
        assertThat(config.tables().get(0).chunk()).isEqualTo(ChunkBounds.DEFAULT);
    }

    @Test
    void partialChunkAndValidationKeepTheOtherDefault() {
        SluiceConfig config = ConfigDraft.minimal()
                .set("/tables/0/chunk", Map.of("maxBytes", "64MiB"))
                .set("/tables/0/validation", Map.of("floatSumTolerance", 0.001))
                .load();
        TableConfig t = config.tables().get(0);
        assertThat(t.chunk()).isEqualTo(new ChunkBounds(ChunkBounds.DEFAULT.maxRows(), 64L << 20));
        assertThat(t.validation()).isEqualTo(new ValidationOptions(ValidationOptions.DEFAULT.sampleSize(), 0.001));
    }

    @Test
    void everyFieldOfAFullConfigReachesTheRecords() {
        SluiceConfig config = ConfigDraft.load("""
                environment: {name: prod, account: "012345678901", region: eu-west-2}
                sources:
                  - name: erp
                    engine: sqlserver
                    jdbcUrl: jdbc:sqlserver://erp:1433;databaseName=ERP
                    credentials:
                      secretArn: arn:aws:secretsmanager:eu-west-2:012345678901:secret:erp-Ab12Cd
                      env: ERP_CREDS
                    vpc:
                      vpcId: vpc-0123456789abcdef0
                      availabilityZones: [eu-west-2a, eu-west-2b]
                      subnetIds: [subnet-0123456789abcdef1, subnet-0123456789abcdef2]
                      securityGroupIds: [sg-0123456789abcdef3]
                    readBudget: 8
                    queryTimeout: PT12M
                    isolation: readUncommitted
                    tls: disable
                    fetchSize: 5000
                lake:
                  bucket: acme.prod-lake
                  rawPrefix: data/raw/
                  statePrefix: data/state/
                  kmsKeyArn: arn:aws:kms:eu-west-2:012345678901:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
                  codec: snappy
                  rawRetentionDays: 90
                warehouse:
                  clusterId: prod-dw
                  database: analytics
                  secretArn: arn:aws:secretsmanager:eu-west-2:012345678901:secret:dw-Ef34Gh
                  dbUser: loader
                  copyRoleArn: arn:aws:iam::012345678901:role/dw-copy
                  ledgerSchema: ops
                notifications:
                  topicArn: arn:aws:sns:eu-west-2:012345678901:oncall
                tables:
                  - source: erp
                    table: dbo.SalesOrders
                    primaryKey: [SalesOrderID, LineNo]
                    watermark: {type: timestamp, column: ModifiedAt, lookback: 1h30m, safetyLag: 45s}
                    splitColumn: SalesOrderID
                    chunk: {maxRows: 300000, maxBytes: 256MiB}
                    schedule:
                      cron: cron(0 2 ? * MON-FRI *)
                      timeZone: America/New_York
                      offPeak: {start: "21:30", end: "5:00"}
                      flexibleWindowMinutes: 15
                    target: {schema: erp, table: sales_orders, mode: scd2, distKey: CustomerID, sortKeys: [OrderDate, SalesOrderID]}
                    columns:
                      Notes: {policy: acceptLossy, note: truncated beyond 65535 bytes}
                      Blob: {policy: exclude, note: not needed}
                    validation: {sampleSize: 250, floatSumTolerance: 0.0001}
                    schemaPolicy: fail
                    catalog: partitions
                """);

        assertThat(config.environment()).isEqualTo(new EnvironmentConfig("prod", "012345678901", "eu-west-2"));
        assertThat(config.sources()).containsExactly(new SourceConfig("erp", Engine.SQLSERVER,
                "jdbc:sqlserver://erp:1433;databaseName=ERP",
                new CredentialsConfig("arn:aws:secretsmanager:eu-west-2:012345678901:secret:erp-Ab12Cd", "ERP_CREDS"),
                new VpcConfig("vpc-0123456789abcdef0", List.of("eu-west-2a", "eu-west-2b"),
                        List.of("subnet-0123456789abcdef1", "subnet-0123456789abcdef2"),
                        List.of("sg-0123456789abcdef3")),
                8, Duration.ofMinutes(12), IsolationLevel.READ_UNCOMMITTED, TlsMode.DISABLE, 5000));
        assertThat(config.lake()).isEqualTo(new LakeConfig("acme.prod-lake", "data/raw/", "data/state/",
                "arn:aws:kms:eu-west-2:012345678901:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                LakeConfig.Codec.SNAPPY, 90));
        assertThat(config.warehouse()).isEqualTo(new WarehouseConfig(null, "prod-dw", "analytics",
                "arn:aws:secretsmanager:eu-west-2:012345678901:secret:dw-Ef34Gh", "loader",
                "arn:aws:iam::012345678901:role/dw-copy", "ops"));
        assertThat(config.notifications()).isEqualTo(
                new NotificationsConfig(null, "arn:aws:sns:eu-west-2:012345678901:oncall"));
        assertThat(config.tables()).containsExactly(new TableConfig("erp", "dbo.SalesOrders",
                List.of("SalesOrderID", "LineNo"),
                new WatermarkConfig(Type.TIMESTAMP, "ModifiedAt", Duration.ofMinutes(90), Duration.ofSeconds(45)),
                "SalesOrderID",
                new ChunkBounds(300_000, 256L << 20),
                new ScheduleConfig("cron(0 2 ? * MON-FRI *)", "America/New_York",
                        new OffPeakWindow(LocalTime.of(21, 30), LocalTime.of(5, 0)), 15),
                new TargetConfig("erp", "sales_orders", Mode.SCD2, "CustomerID", List.of("OrderDate", "SalesOrderID")),
                Map.of("Notes", new ColumnOverride(Policy.ACCEPT_LOSSY, "truncated beyond 65535 bytes"),
                        "Blob", new ColumnOverride(Policy.EXCLUDE, "not needed")),
                new ValidationOptions(250, 0.0001),
                SchemaPolicy.FAIL,
                CatalogMode.PARTITIONS));
    }

    @Test
    void loadsFromAFileAndNamesItInMessages(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev.yaml");
        Files.writeString(file, ConfigDraft.minimal().yaml());
        assertThat(ConfigLoader.load(file).tables()).hasSize(1);

        Files.writeString(file, ConfigDraft.minimal().set("/sources/0/readBudget", 0).yaml());
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.file()).isEqualTo(file.toString());
        assertThat(e.getMessage()).startsWith(file + ": sources[0].readBudget: readBudget 0 is outside 1..64. Fix: ");
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e.getMessage()).isEqualTo(file + ": the config file does not exist. Fix: check the path, or copy "
                + "config/prod.example.yaml to start a new environment.");
    }

    @Test
    void emptyFileSaysSo() {
        ConfigException e = ConfigDraft.reject("# nothing yet\n");
        assertThat(e.problem()).isEqualTo("the config file is empty");
        assertThat(e.fix()).contains("config/prod.example.yaml");
    }

    @Test
    void severalProblemsAreReportedTogetherOnePerLine() {
        ConfigException e = ConfigDraft.minimal()
                .set("/sources/0/readBudget", 0)
                .set("/sources/0/fetchSize", 10)
                .set("/lake/bucket", "Bad_Bucket")
                .reject();
        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("sources[0].readBudget", "sources[0].fetchSize", "lake.bucket");
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(FILE + ": sources[0].readBudget: readBudget 0 is outside 1..64. Fix: set "
                + "the number of chunk queries the source may run at once, 1 to 64 (default 4).");
        assertThat(e.path()).isEqualTo("sources[0].readBudget");
        assertThat(e.file()).isEqualTo(FILE);
    }

    // --------------------------------------------------------------------------------------------------------
    // Jackson-level problems, told in the config's terms

    @Test
    void unknownKeyListsTheAcceptedKeysAndSuggestsTheClosest() {
        ConfigException e = ConfigDraft.minimal().set("/sources/0/readBudgt", 8).reject();
        assertThat(e.path()).isEqualTo("sources[0].readBudgt");
        assertThat(e.problem()).isEqualTo("unknown key 'readBudgt' in sources[0]; accepted keys: name, engine, jdbcUrl, "
                + "credentials, vpc, readBudget, queryTimeout, isolation, tls, fetchSize");
        assertThat(e.fix()).isEqualTo("did you mean 'readBudget'? Rename it");
    }

    @Test
    void unknownKeyDeepInATableRebuildsThePath() {
        ConfigException e = ConfigDraft.minimal().copyTable(0).copyTable(0)
                .set("/tables/1/table", "dbo.Lines").set("/tables/2/table", "dbo.Items")
                .set("/tables/2/watermark/colunm", "x")
                .reject();
        assertThat(e.path()).isEqualTo("tables[2].watermark.colunm");
        assertThat(e.problem()).contains("accepted keys: type, column, lookback, safetyLag");
        assertThat(e.fix()).contains("did you mean 'column'?");
    }

    @Test
    void unknownTopLevelKeyWithoutCloseMatchHasNoSuggestion() {
        ConfigException e = ConfigDraft.minimal().set("/monitoring", Map.of("on", true)).reject();
        assertThat(e.path()).isEqualTo("monitoring");
        assertThat(e.problem()).isEqualTo("unknown key 'monitoring'; accepted keys: environment, sources, lake, "
                + "warehouse, notifications, tables");
        assertThat(e.fix()).isEqualTo("remove it or use one of the accepted keys");
    }

    @Test
    void wrongTypeNamesWhatWasExpected() {
        ConfigException list = ConfigDraft.minimal().set("/tables/0/primaryKey", Map.of("a", 1)).reject();
        assertThat(list.path()).isEqualTo("tables[0].primaryKey");
        assertThat(list.problem()).isEqualTo("expected a list but found a mapping");
        assertThat(list.fix()).contains("[order_id]");

        ConfigException number = ConfigDraft.minimal().set("/sources/0/readBudget", "lots").reject();
        assertThat(number.path()).isEqualTo("sources[0].readBudget");
        assertThat(number.problem()).isEqualTo("'lots' is not a whole number");

        ConfigException fraction = ConfigDraft.minimal().set("/sources/0/fetchSize", 1.5).reject();
        assertThat(fraction.path()).isEqualTo("sources[0].fetchSize");
        assertThat(fraction.problem()).contains("whole number");

        ConfigException mapping = ConfigDraft.minimal().set("/lake", "test-lake").reject();
        assertThat(mapping.path()).isEqualTo("lake");
        assertThat(mapping.problem()).startsWith("expected a mapping with keys bucket, rawPrefix, statePrefix");
    }

    @Test
    void badEnumValueListsTheAllowedValues() {
        ConfigException engine = ConfigDraft.minimal().set("/sources/1/engine", "oracle").reject();
        assertThat(engine.path()).isEqualTo("sources[1].engine");
        assertThat(engine.problem()).isEqualTo("'oracle' is not one of sqlserver, postgresql");
        assertThat(engine.fix()).isEqualTo("use one of sqlserver, postgresql");

        ConfigException mode = ConfigDraft.minimal().set("/tables/0/target/mode", "marge").reject();
        assertThat(mode.path()).isEqualTo("tables[0].target.mode");
        assertThat(mode.problem()).isEqualTo("'marge' is not one of append, merge, replace, scd2");
        assertThat(mode.fix()).startsWith("did you mean 'merge'?");

        ConfigException watermark = ConfigDraft.minimal().set("/tables/0/watermark/type", "CDC").reject();
        assertThat(watermark.problem()).isEqualTo(
                "'CDC' is not one of timestamp, rowversion, key, changeTracking, full");
    }

    @Test
    void malformedYamlGivesLineAndColumnWithoutQuotingTheLine() {
        String yaml = """
                environment:
                  name: test
                  region: [eu-west-1
                sources:
                  - jdbcUrl: jdbc:sqlserver://h;password=hunter2
                """;
        ConfigException e = ConfigDraft.reject(yaml);
        assertThat(e.path()).matches("line [45], column \\d+");
        assertThat(e.problem()).startsWith("not valid YAML (");
        assertThat(e.fix()).contains("indentation");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void tabIndentationIsMalformedWithItsLine() {
        ConfigException e = ConfigDraft.reject("environment:\n\tname: test\n");
        assertThat(e.path()).startsWith("line 2,");
        assertThat(e.problem()).startsWith("not valid YAML");
    }

    @Test
    void duplicateKeyIsRejectedWithItsLine() {
        ConfigException e = ConfigDraft.reject(ConfigDraft.MINIMAL.replace("  bucket: test-lake\n",
                "  bucket: test-lake\n  bucket: other-lake\n"));
        assertThat(e.path()).startsWith("line 17,");
        assertThat(e.problem()).isEqualTo("'bucket' is given twice in the same mapping");
    }

    @Test
    void friendlyScalarsInTheWrongFormSayTheAcceptedForms() {
        ConfigException duration = ConfigDraft.minimal().set("/tables/0/watermark/lookback", "5 minutes").reject();
        assertThat(duration.path()).isEqualTo("tables[0].watermark.lookback");
        assertThat(duration.problem()).isEqualTo("'5 minutes' is not a duration");
        assertThat(duration.fix()).contains("30s, 5m, 2h, 1d").contains("PT5M");

        ConfigException bare = ConfigDraft.minimal().set("/sources/0/queryTimeout", 300).reject();
        assertThat(bare.path()).isEqualTo("sources[0].queryTimeout");
        assertThat(bare.problem()).isEqualTo("'300' is a number without a unit");
        assertThat(bare.fix()).isEqualTo("add a unit, e.g. 300s or 300m");

        ConfigException size = ConfigDraft.minimal().set("/tables/0/chunk/maxBytes", "big").reject();
        assertThat(size.path()).isEqualTo("tables[0].chunk.maxBytes");
        assertThat(size.fix()).contains("512MiB");

        ConfigException time = ConfigDraft.minimal()
                .set("/tables/0/schedule", Map.of("cron", "rate(1 day)", "offPeak", Map.of("start", "25:00", "end", "06:00")))
                .reject();
        assertThat(time.path()).isEqualTo("tables[0].schedule.offPeak.start");
        assertThat(time.problem()).isEqualTo("'25:00' is not a time of day");
        assertThat(time.fix()).contains("22:00");
    }

    @Test
    void unquotedAccountWithLeadingZerosIsCaughtWithTheQuotingFix() {
        ConfigException e = ConfigDraft.reject(ConfigDraft.MINIMAL.replace("  name: test\n",
                "  name: test\n  account: 000000000000\n"));
        assertThat(e.path()).isEqualTo("environment.account");
        assertThat(e.problem()).isEqualTo("'0' is not a 12-digit AWS account id");
        assertThat(e.fix()).contains("in quotes");
    }

    @Test
    void emptyListItemsAndEmptyColumnEntriesAreNamedByPath() {
        ConfigException items = ConfigDraft.reject(ConfigDraft.MINIMAL.replace("primaryKey: [OrderID]",
                "primaryKey: [OrderID, ~]") + "  -\n");
        assertThat(items.problems()).extracting(ConfigProblem::path)
                .containsExactly("tables[0].primaryKey[1]", "tables[1]");
        assertThat(items.problem()).isEqualTo("the list item is empty");
        assertThat(items.fix()).isEqualTo("remove the empty '-' item or give it a value");

        ConfigException column = ConfigDraft.reject(ConfigDraft.MINIMAL + "    columns:\n      Notes:\n");
        assertThat(column.path()).isEqualTo("tables[0].columns.Notes");
        assertThat(column.problem()).isEqualTo("column 'Notes' has no policy");
        assertThat(column.fix()).startsWith("write Notes: {policy: acceptLossy, note: <why>}");
    }

    @Test
    void aSecondYamlDocumentIsRejected() {
        ConfigException e = ConfigDraft.reject(ConfigDraft.MINIMAL + "---\nenvironment: {name: other}\n");
        assertThat(e.problem()).startsWith("the file holds more than one YAML document");
        assertThat(e.path()).startsWith("line ");
    }

    @Test
    void unknownKeyInsideAColumnOverrideIsFoundToo() {
        ConfigException e = ConfigDraft.minimal()
                .set("/tables/0/columns", Map.of("Notes", Map.of("polcy", "exclude"))).reject();
        assertThat(e.path()).isEqualTo("tables[0].columns.Notes.polcy");
        assertThat(e.problem()).endsWith("accepted keys: policy, note");
        assertThat(e.fix()).startsWith("did you mean 'policy'?");
    }

    @Test
    void closestSuggestsOnlyNearNames() {
        List<String> keys = List.of("primaryKey", "splitColumn", "watermark", "source", "table");
        assertThat(ConfigLoader.closest("primarykey", keys)).contains("primaryKey");
        assertThat(ConfigLoader.closest("primary_key", keys)).contains("primaryKey");
        assertThat(ConfigLoader.closest("watermak", keys)).contains("watermark");
        assertThat(ConfigLoader.closest("tabel", keys)).contains("table");
        assertThat(ConfigLoader.closest("schedule", keys)).isEmpty();
    }
}
