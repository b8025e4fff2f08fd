package dev.sluice.infra;

import dev.sluice.core.config.NotificationsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Where on call hears from Sluice: the SNS topic the Notify function and the CloudWatch alarms publish to.
 * Created KMS-encrypted (its own key, which CloudWatch alarms may use) and TLS-only for publishers, unless
 * config names an existing topic in {@code notifications.topicArn}.
 */
public final class NotificationTopic extends Construct {

    private final ITopic topic;
    private final IKey key;

    /** Which topic to create or use; see {@link #builder()}. */
    public record Props(String environment, NotificationsConfig notifications, boolean disposable) {

        public Props {
            Objects.requireNonNull(environment, "environment");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Props}. */
        public static final class Builder {
            private String environment;
            private NotificationsConfig notifications;
            private boolean disposable;

            public Builder environment(String v) { environment = v; return this; }
            public Builder notifications(NotificationsConfig v) { notifications = v; return this; }
            public Builder disposable(boolean v) { disposable = v; return this; }

            public Props build() {
                return new Props(environment, notifications, disposable);
            }
        }
    }

    public NotificationTopic(Construct scope, String id, Props props) {
        super(scope, id);
        NotificationsConfig config = props.notifications();
        if (config != null && config.topicArn() != null) {
            this.topic = Topic.fromTopicArn(this, "Topic", config.topicArn());
            this.key = null;
        } else {
            this.key = Key.Builder.create(this, "Key")
                    .description("Sluice " + props.environment() + " notifications topic")
                    .enableKeyRotation(true)
                    .pendingWindow(Duration.days(props.disposable() ? 7 : 30))
                    .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                    .build();
            // CloudWatch alarms publish to the encrypted topic as the CloudWatch service (from this account only).
            key.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("CloudWatchAlarmsPublish")
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                    .resources(List.of("*"))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                    .build());
            String name = config != null && config.topicName() != null ? config.topicName() : "sluice-" + props.environment();
            this.topic = Topic.Builder.create(this, "Topic")
                    .topicName(name)
                    .displayName("Sluice " + props.environment())
                    .masterKey(key)
                    .enforceSsl(true)
                    .build();
        }
        getNode().addValidation(() -> {
            List<String> errors = new ArrayList<>();
            if (config != null && config.topicArn() != null
                    && !config.topicArn().matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}")) {
                errors.add("Config notifications.topicArn '" + config.topicArn() + "' is not an SNS topic ARN.");
            }
            if (config != null && config.topicName() != null && !config.topicName().matches("[A-Za-z0-9_-]{1,256}")) {
                errors.add("Config notifications.topicName '" + config.topicName()
                        + "' is not a valid SNS topic name (letters, digits, '_' and '-', up to 256).");
            }
            return errors;
        });
    }

    public ITopic topic() {
        return topic;
    }

    /** The topic's key, or null when config names an existing topic (its key is managed elsewhere). */
    public IKey key() {
        return key;
    }
}
