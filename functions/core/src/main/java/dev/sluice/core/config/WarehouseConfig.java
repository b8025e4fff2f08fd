package dev.sluice.core.config;

/**
 * The Redshift target: Serverless (set {@code workgroup}) or provisioned (set {@code clusterId}), never both.
 * {@code secretArn} authenticates through Secrets Manager; otherwise IAM temporary credentials are used with
 * {@code dbUser} (provisioned) or the workgroup's IAM identity (Serverless). {@code copyRoleArn} is the role
 * Redshift assumes to read the lake in COPY; when absent, the CDK app creates one.
 */
public record WarehouseConfig(
        String workgroup,
        String clusterId,
        String database,
        String secretArn,
        String dbUser,
        String copyRoleArn,
        String ledgerSchema) {

    public boolean serverless() {
        return workgroup != null;
    }
}
