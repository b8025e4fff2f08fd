package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.pipeline.Notification;
import dev.sluice.lambda.aws.testing.AwsWorld;
import dev.sluice.lambda.aws.testing.InAwsWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The notifier's SNS adapter ({@link SnsNotifier} on the {@link AwsClientFactory}'s SNS client, endpoint override)
 * against the test JVM's {@link AwsWorld}: what a subscriber receives of a failure notification, and what a missing
 * topic does, are the same on LocalStack and on the SNS stand-in.
 */
@InAwsWorld
class SnsNotifierInAwsWorldIT {

    private static final Notification FAILED = new Notification("FAILED", "erp", "dbo.Orders", "r-20260101",
            "ExtractChunk", "source unavailable", "Redrive the execution once the source answers",
            "Sluice FAILED erp.dbo.Orders at ExtractChunk: source unavailable",
            "Run r-20260101 of erp.dbo.Orders failed at ExtractChunk.\nRunbook: docs/runbook.md#source-unavailable");

    @Test
    void aSubscriberReceivesTheFailureWithItsSubjectBodyAndAttributes(AwsWorld world) {
        AwsWorld.Topic topic = world.createTopic(AwsWorld.uniqueName("sluice-alerts"));

        String messageId = new SnsNotifier(world.clients().sns(), topic.arn()).publish(FAILED);

        List<AwsWorld.Message> received = topic.awaitMessages(1, Duration.ofSeconds(20));
        AwsWorld.Message message = received.get(0);
        assertThat(message.messageId()).isEqualTo(messageId);
        assertThat(message.topicArn()).isEqualTo(topic.arn());
        assertThat(message.subject()).isEqualTo(FAILED.subject());
        assertThat(message.body()).isEqualTo(FAILED.body());
        assertThat(message.attributes()).containsOnly(
                org.assertj.core.api.Assertions.entry("outcome", "FAILED"),
                org.assertj.core.api.Assertions.entry("table", "erp.dbo.Orders"),
                org.assertj.core.api.Assertions.entry("runId", "r-20260101"),
                org.assertj.core.api.Assertions.entry("step", "ExtractChunk"),
                org.assertj.core.api.Assertions.entry("failureClass", "source unavailable"));
    }

    @Test
    void aTopicThatDoesNotExistIsAConfigurationFailureNamingIt(AwsWorld world) {
        String created = world.createTopic(AwsWorld.uniqueName("sluice-real")).arn();
        String missing = created.substring(0, created.lastIndexOf(':') + 1) + "sluice-never-created";

        assertThatThrownBy(() -> new SnsNotifier(world.clients().sns(), missing).publish(FAILED))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("Check that the topic exists");
    }
}
