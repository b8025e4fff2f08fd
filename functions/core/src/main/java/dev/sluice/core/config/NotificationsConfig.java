package dev.sluice.core.config;

/** Where success and failure notices go: an SNS topic (created by the CDK app unless {@code topicArn} is set). */
public record NotificationsConfig(String topicName, String topicArn) {
}
