package dev.sluice.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;

/**
 * The lake's KMS key as grants must name it. A key created by the stack or given as a key ARN is granted by its
 * ARN. A key given as an alias ARN ({@code lake.kmsKeyArn: arn:...:alias/name}) cannot be: IAM authorizes KMS
 * calls against the key, never the alias, so such grants name the account's keys ({@code key/*}) restricted by
 * the {@code kms:ResourceAliases} condition to that alias.
 *
 * @param key          the key (or the alias, which CloudFormation properties such as bucket encryption accept)
 * @param aliasArn     the configured alias ARN, or null when {@code key} is a key
 */
public record LakeKey(IKey key, String aliasArn) {

    /** Whether {@code arn} names an alias ({@code arn:<partition>:kms:<region>:<account>:alias/<name>}). */
    public static boolean isAliasArn(String arn) {
        return arn != null && arn.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:alias/.+");
    }

    /** A statement allowing {@code actions} on this key and nothing else. */
    public PolicyStatement allow(String sid, List<String> actions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().actions(actions);
        if (sid != null) {
            statement.sid(sid);
        }
        if (aliasArn == null) {
            return statement.resources(List.of(key.getKeyArn())).build();
        }
        return statement.resources(List.of(aliasedKeysArn()))
                .conditions(Map.of("ForAnyValue:StringEquals", Map.of("kms:ResourceAliases", aliasName())))
                .build();
    }

    /** {@code alias/<name>} of the configured alias ARN. */
    public String aliasName() {
        return aliasArn.substring(aliasArn.indexOf(":alias/") + 1);
    }

    /** {@code arn:...:kms:<region>:<account>:key/*} of the alias's account and region. */
    public String aliasedKeysArn() {
        return aliasArn.substring(0, aliasArn.indexOf(":alias/")) + ":key/*";
    }

    /** The cdk-nag {@code appliesTo} entry of an alias grant's wildcard, or null for a key granted by ARN. */
    public String wildcardAsNag() {
        return aliasArn == null ? null : "Resource::" + aliasedKeysArn();
    }
}
