package dev.sluice.infra;

import dev.sluice.core.config.CatalogMode;
import dev.sluice.core.config.TableConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.glue.CfnCrawler;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The Glue side of the lake: the environment's database and one crawler per table (catalog mode {@code crawler}),
 * each limited to the table's raw prefix, running under a role that can read only the raw prefix and write only
 * this database, with a security configuration that encrypts the crawler's CloudWatch logs with the lake key.
 */
public final class LakeCatalog extends Construct {

    private final String databaseName;
    private final Map<String, String> crawlerNames = new LinkedHashMap<>();
    private final Role crawlerRole;

    /** What the catalog covers; see {@link #builder()}. */
    public record Props(String environment, LakeLayout layout, LakeKey key, List<TableConfig> tables, boolean disposable) {

        public Props {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(key, "key");
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private LakeLayout layout;
            private LakeKey key;
            private List<TableConfig> tables;
            private boolean disposable;

            public Builder environment(String v) { environment = v; return this; }
            public Builder layout(LakeLayout v) { layout = v; return this; }
            public Builder key(LakeKey v) { key = v; return this; }
            public Builder tables(List<TableConfig> v) { tables = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }

            public Props build() {
                return new Props(environment, layout, key, tables, disposable);
            }
        }
    }

    /** The Glue database of an environment: {@code sluice_<env>} ('-' becomes '_'). */
    public static String databaseName(String environment) {
        return "sluice_" + environment.replace('-', '_');
    }

    /** A table's crawler: {@code sluice-<env>-<source>-<schema>-<table>}. */
    public static String crawlerName(String environment, TableConfig table) {
        return "sluice-" + environment + "-" + TableNames.slug(table);
    }

    /** The catalog table a crawler creates: {@code <source>_<schema>_<table>}, lower case. */
    public static String catalogTableName(TableConfig table) {
        return TableNames.slug(table).replace('-', '_');
    }

    public LakeCatalog(Construct scope, String id, Props props) {
        super(scope, id);
        LakeLayout layout = props.layout();
        this.databaseName = databaseName(props.environment());

        CfnDatabase database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(Aws.ACCOUNT_ID)
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(databaseName)
                        .description("Sluice " + props.environment() + ": raw tables registered by the crawlers")
                        .build())
                .build();
        database.applyRemovalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);

        String securityConfigurationName = "sluice-" + props.environment() + "-crawlers";
        CfnSecurityConfiguration security = CfnSecurityConfiguration.Builder.create(this, "SecurityConfiguration")
                .name(securityConfigurationName)
                .encryptionConfiguration(CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
                        .cloudWatchEncryption(CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                                .cloudWatchEncryptionMode("SSE-KMS").kmsKeyArn(props.key().key().getKeyArn()).build())
                        .s3Encryptions(List.of(CfnSecurityConfiguration.S3EncryptionProperty.builder()
                                .s3EncryptionMode("SSE-KMS").kmsKeyArn(props.key().key().getKeyArn()).build()))
                        .jobBookmarksEncryption(CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                                .jobBookmarksEncryptionMode("CSE-KMS").kmsKeyArn(props.key().key().getKeyArn()).build())
                        .build())
                .build();

        String crawlerLogGroups = ResourceArns.regional("logs", "log-group:/aws-glue/crawlers*");
        this.crawlerRole = Role.Builder.create(this, "CrawlerRole")
                .assumedBy(new ServicePrincipal("glue.amazonaws.com"))
                .description("Sluice " + props.environment() + " crawlers: read the raw prefix, write " + databaseName)
                .build();
        String catalogArn = ResourceArns.regional("glue", "catalog");
        String databaseArn = ResourceArns.regional("glue", "database/" + databaseName);
        String tablesArn = ResourceArns.regional("glue", "table/" + databaseName + "/*");
        crawlerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("CatalogWriteOwnDatabase")
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
                        "glue:UpdateTable", "glue:GetPartition", "glue:GetPartitions", "glue:CreatePartition",
                        "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchGetPartition",
                        "glue:BatchUpdatePartition"))
                .resources(List.of(catalogArn, databaseArn, tablesArn))
                .build());
        String bucketArn = ResourceArns.bucket(layout.bucket());
        crawlerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ListRawPrefix")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucketArn))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(layout.rawPrefix() + "*"))))
                .build());
        crawlerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadRawObjects")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(ResourceArns.objects(layout.bucket(), layout.rawPrefix())))
                .build());
        crawlerRole.addToPolicy(props.key().allow("UseLakeKey", List.of("kms:Decrypt", "kms:GenerateDataKey")));
        crawlerRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("CrawlerLogs")
                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                        "logs:AssociateKmsKey"))
                .resources(List.of(crawlerLogGroups))
                .build());
        // CloudWatch Logs encrypts the crawler log groups with the lake key (security configuration above).
        props.key().key().addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CrawlerLogEncryption")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                        "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", crawlerLogGroups)))
                .build());
        List<String> crawlerWildcards = new ArrayList<>(List.of(
                "Resource::" + ResourceArns.regionalAsNag("glue", "table/" + databaseName + "/*"),
                "Resource::" + ResourceArns.objectsAsNag(layout.bucket(), layout.rawPrefix()),
                "Resource::" + ResourceArns.regionalAsNag("logs", "log-group:/aws-glue/crawlers*")));
        if (props.key().wildcardAsNag() != null) {
            crawlerWildcards.add(props.key().wildcardAsNag());
        }
        NagSuppressions.addResourceSuppressions(crawlerRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Crawlers create one catalog table per table prefix and one partition per run, so they need"
                        + " the tables of this database only, objects under the raw prefix only, and the Glue crawler"
                        + " log groups whose names Glue derives from the role and security configuration; a lake key"
                        + " configured by alias is granted as key/* limited to that alias by kms:ResourceAliases.")
                .appliesTo(crawlerWildcards)
                .build()), true);

        for (TableConfig table : props.tables()) {
            if (table.catalog() == CatalogMode.PARTITIONS) {
                continue;
            }
            String name = crawlerName(props.environment(), table);
            CfnCrawler crawler = CfnCrawler.Builder.create(this, "Crawler-" + TableNames.slug(table))
                    .name(name)
                    .description("Registers runs of " + TableNames.qualified(table) + " in " + databaseName)
                    .role(crawlerRole.getRoleArn())
                    .databaseName(databaseName)
                    .tablePrefix(table.source().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_")
                    .crawlerSecurityConfiguration(securityConfigurationName)
                    .targets(CfnCrawler.TargetsProperty.builder()
                            .s3Targets(List.of(CfnCrawler.S3TargetProperty.builder()
                                    .path("s3://" + layout.bucket() + "/"
                                            + layout.rawTablePrefix(table.source(), table.table()))
                                    .build()))
                            .build())
                    .schemaChangePolicy(CfnCrawler.SchemaChangePolicyProperty.builder()
                            .updateBehavior("UPDATE_IN_DATABASE").deleteBehavior("LOG").build())
                    .recrawlPolicy(CfnCrawler.RecrawlPolicyProperty.builder()
                            .recrawlBehavior("CRAWL_EVERYTHING").build())
                    .configuration("{\"Version\":1.0,\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\"},"
                            + "\"CrawlerOutput\":{\"Partitions\":{\"AddOrUpdateBehavior\":\"InheritFromTable\"}}}")
                    .build();
            crawler.addResourceDependency(database);
            crawler.addResourceDependency(security);
            crawlerNames.put(TableNames.qualified(table), name);
        }

        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>();
            for (TableConfig table : props.tables()) {
                if (crawlerName(props.environment(), table).length() > 255) {
                    errors.add("Crawler name for " + TableNames.qualified(table) + " exceeds Glue's 255 characters.");
                }
            }
            return errors;
        });
    }

    public String databaseName() {
        return databaseName;
    }

    /** Crawler names by qualified table name ({@code <source>.<schema>.<table>}). */
    public Map<String, String> crawlerNames() {
        return Map.copyOf(crawlerNames);
    }

    /** The ARN of a crawler of this environment, built from its name (no cross-stack reference needed). */
    public static String crawlerArn(String crawlerName) {
        return ResourceArns.regional("glue", "crawler/" + crawlerName);
    }

    public Role crawlerRole() {
        return crawlerRole;
    }

}
