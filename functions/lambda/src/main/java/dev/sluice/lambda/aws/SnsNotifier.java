package dev.sluice.lambda.aws;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.pipeline.Notification;
import dev.sluice.core.pipeline.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * The {@link Notifier} on SNS: one message per notification to the environment's topic, with the notification's
 * subject and body, and message attributes subscribers can filter on: {@code outcome}, {@code table}
 * ({@code <source>.<schema>.<table>}), {@code runId}, {@code step} and {@code failureClass} (those the notification
 * has).
 */
public final class SnsNotifier implements Notifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        if (topicArn == null || !topicArn.startsWith("arn:")) {
            throw new IllegalArgumentException("SNS topic '" + topicArn + "' is not a topic ARN");
        }
        this.topicArn = topicArn;
    }

    /** The request that publishes {@code notification}. */
    PublishRequest request(Notification notification) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attribute(attributes, "outcome", notification.outcome());
        attribute(attributes, "table", notification.source() == null || notification.table() == null
                ? notification.table() : notification.source() + "." + notification.table());
        attribute(attributes, "runId", notification.runId());
        attribute(attributes, "step", notification.step());
        attribute(attributes, "failureClass", notification.failureClass());
        return PublishRequest.builder()
                .topicArn(topicArn)
                .subject(notification.subject())
                .message(notification.body())
                .messageAttributes(attributes)
                .build();
    }

    @Override
    public String publish(Notification notification) {
        try {
            return sns.publish(request(notification)).messageId();
        } catch (SdkException e) {
            String message = "cannot publish the " + notification.outcome() + " notification of "
                    + notification.source() + "." + notification.table() + " to " + topicArn + ": "
                    + AwsFailures.message(e);
            if (AwsFailures.isTransient(e)) {
                throw new TransientFailure(message + "; the state machine retries", e);
            }
            throw new ConfigurationFailure(message + ". Check that the topic exists and that the Notify function's"
                    + " role may sns:Publish to it (and use its KMS key); redeploy the environment", e);
        }
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        }
    }
}
