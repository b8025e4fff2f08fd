package dev.sluice.infra;

import software.amazon.awscdk.Aws;

/**
 * ARNs built from names in config, with the partition, region and account as CloudFormation pseudo parameters. Built
 * this way, grants need no cross-stack references, and they render the same in every environment, which keeps
 * cdk-nag {@code appliesTo} suppressions exact ({@code arn:<AWS::Partition>:s3:::bucket/raw/*}).
 */
public final class ResourceArns {

    private ResourceArns() {
    }

    public static String bucket(String bucket) {
        return "arn:" + Aws.PARTITION + ":s3:::" + bucket;
    }

    /** Every object under {@code prefix} (which ends with '/'). */
    public static String objects(String bucket, String prefix) {
        return bucket(bucket) + "/" + prefix + "*";
    }

    /** A regional resource: {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public static String regional(String service, String resource) {
        return "arn:" + Aws.PARTITION + ":" + service + ":" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + resource;
    }

    /** How cdk-nag renders a {@link #regional} ARN in findings and {@code appliesTo}. */
    public static String regionalAsNag(String service, String resource) {
        return "arn:<AWS::Partition>:" + service + ":<AWS::Region>:<AWS::AccountId>:" + resource;
    }

    /** How cdk-nag renders {@link #bucket}. */
    public static String bucketAsNag(String bucket) {
        return "arn:<AWS::Partition>:s3:::" + bucket;
    }

    /** How cdk-nag renders {@link #objects}. */
    public static String objectsAsNag(String bucket, String prefix) {
        return "arn:<AWS::Partition>:s3:::" + bucket + "/" + prefix + "*";
    }
}
