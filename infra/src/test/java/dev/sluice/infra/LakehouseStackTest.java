package dev.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The stateful stack of config/test.yaml (retained) and its disposable variant. */
class LakehouseStackTest {

    @TempDir
    static Path dir;

    static SluiceStage stage;
    static Template template;
    static Template disposable;

    @BeforeAll
    static void synth() {
        stage = TestDeployment.stage(dir.resolve("kept"), TestDeployment.deployment(mkdir("kept"), false));
        template = Template.fromStack(stage.lakehouse());
        SluiceStage dev = TestDeployment.stage(dir.resolve("dev"), TestDeployment.deployment(mkdir("dev"), true));
        disposable = Template.fromStack(dev.lakehouse());
    }

    private static Path mkdir(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Map<String, Object> LAKE = Map.of("BucketName", "acme-sluice-test-lake");

    @Test
    void lakeBucketIsKmsEncryptedVersionedPrivateAndLogged() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "acme-sluice-test-lake",
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of(
                                "SSEAlgorithm", "aws:kms",
                                "KMSMasterKeyID", Match.objectLike(Map.of("Fn::GetAtt",
                                        List.of(Match.stringLikeRegexp("LakeKey.*"), "Arn")))))))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LoggingConfiguration", Match.objectLike(Map.of(
                        "DestinationBucketName", Map.of("Ref", Match.stringLikeRegexp("LakeAccessLogs.*")),
                        "LogFilePrefix", "lake/")))));
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    }

    @Test
    void lakeBucketPolicyDeniesPlainHttp() {
        template.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "Bucket", Map.of("Ref", Match.stringLikeRegexp("LakeBucket.*")),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void lifecycleExpiresRawAfterConfiguredDaysAndNoncurrentVersions() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "acme-sluice-test-lake",
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Id", "RawData", "Prefix", "raw/", "ExpirationInDays", 400,
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30), "Status", "Enabled")),
                        Match.objectLike(Map.of("Id", "StateNoncurrentVersions", "Prefix", "_sluice/",
                                "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))))));
        // the state prefix itself never expires: watermarks and the run ledger are kept
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "acme-sluice-test-lake",
                "LifecycleConfiguration", Map.of("Rules", Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Prefix", "_sluice/", "ExpirationInDays", Match.anyValue())))))))));
    }

    @Test
    void retainedEnvironmentKeepsDataDisposableOneDeletesIt() {
        template.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "Properties", Match.objectLike(LAKE), "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
        assertThat(stage.lakehouse().getTerminationProtection()).isTrue();

        disposable.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "Properties", Match.objectLike(LAKE), "DeletionPolicy", "Delete")));
        disposable.resourceCountIs("Custom::S3AutoDeleteObjects", 2);
    }

    @Test
    void oneCrawlerPerCrawledTableLimitedToItsPrefix() {
        template.resourceCountIs("AWS::Glue::Crawler", 1); // dbo.Customers registers partitions directly
        template.hasResourceProperties("AWS::Glue::Crawler", Match.objectLike(Map.of(
                "Name", "sluice-test-erp-dbo-orders",
                "DatabaseName", "sluice_test",
                "TablePrefix", "erp_",
                "CrawlerSecurityConfiguration", "sluice-test-crawlers",
                "Targets", Map.of("S3Targets", List.of(Map.of("Path", "s3://acme-sluice-test-lake/raw/erp/dbo.Orders/"))))));
        template.hasResourceProperties("AWS::Glue::Database", Match.objectLike(Map.of(
                "DatabaseInput", Match.objectLike(Map.of("Name", "sluice_test")))));
        template.hasResourceProperties("AWS::Glue::SecurityConfiguration", Match.objectLike(Map.of(
                "EncryptionConfiguration", Match.objectLike(Map.of(
                        "CloudWatchEncryption", Match.objectLike(Map.of("CloudWatchEncryptionMode", "SSE-KMS")))))));
    }

    @Test
    void crawlerRoleReadsOnlyTheRawPrefixAndWritesOnlyItsDatabase() {
        List<String> grants = PolicyStatements.grants(PolicyStatements.of(template, stage.lakehouse(),
                stage.lakehouse().catalog().crawlerRole()));
        assertThat(grants)
                .contains("s3:GetObject on arn:${AWS::Partition}:s3:::acme-sluice-test-lake/raw/*",
                        "glue:CreateTable on arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/sluice_test/*")
                .noneMatch(g -> g.contains("_sluice/"))
                .noneMatch(g -> g.startsWith("s3:PutObject"))
                .noneMatch(g -> g.endsWith(" on *"));
    }

    @Test
    void athenaWorkgroupEnforcesEncryptedResultsAndAScanLimit() {
        template.hasResourceProperties("AWS::Athena::WorkGroup", Match.objectLike(Map.of(
                "Name", "sluice-test",
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "EnforceWorkGroupConfiguration", true,
                        "BytesScannedCutoffPerQuery", ValidationWorkgroup.DEFAULT_BYTES_SCANNED_CUTOFF,
                        "ResultConfiguration", Map.of(
                                "OutputLocation", "s3://acme-sluice-test-lake/_sluice/athena-results/",
                                "EncryptionConfiguration", Match.objectLike(Map.of("EncryptionOption", "SSE_KMS"))))))));
    }

    @Test
    void topicIsKmsEncryptedAndTlsOnly() {
        template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "TopicName", "sluice-test",
                "KmsMasterKeyId", Match.objectLike(Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("NotificationsKey.*"), "Arn"))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sns:Publish",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        // CloudWatch alarms can publish to the encrypted topic
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of(
                "KeyPolicy", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))))));
    }
}
