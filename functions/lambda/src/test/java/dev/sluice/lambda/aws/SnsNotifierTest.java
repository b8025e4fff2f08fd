package dev.sluice.lambda.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.pipeline.Notification;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

class SnsNotifierTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:sluice-dev-alerts";

    private static final Notification FAILED = new Notification("FAILED", "sales", "dbo.Orders", "r-20260101",
            "CheckValidation", "validation mismatch", "Read the reconciliation report, then rerun the window",
            "Sluice FAILED sales.dbo.Orders at CheckValidation: validation mismatch",
            "Run r-20260101 of sales.dbo.Orders failed at CheckValidation.\nRunbook: docs/runbook.md");

    @Test
    void publishesSubjectBodyAndTheAttributesSubscribersFilterOn() {
        SnsClient sns = mock(SnsClient.class);
        when(sns.publish(any(PublishRequest.class))).thenReturn(PublishResponse.builder().messageId("m-1").build());

        String id = new SnsNotifier(sns, TOPIC).publish(FAILED);

        ArgumentCaptor<PublishRequest> sent = ArgumentCaptor.forClass(PublishRequest.class);
        verify(sns).publish(sent.capture());
        PublishRequest request = sent.getValue();
        assertThat(id).isEqualTo("m-1");
        assertThat(request.topicArn()).isEqualTo(TOPIC);
        assertThat(request.subject()).isEqualTo(FAILED.subject());
        assertThat(request.message()).isEqualTo(FAILED.body());
        assertThat(request.messageAttributes()).containsOnlyKeys("outcome", "table", "runId", "step", "failureClass");
        assertThat(request.messageAttributes().get("outcome")).isEqualTo(string("FAILED"));
        assertThat(request.messageAttributes().get("table")).isEqualTo(string("sales.dbo.Orders"));
        assertThat(request.messageAttributes().get("failureClass")).isEqualTo(string("validation mismatch"));
        assertThat(request.messageAttributes().get("step")).isEqualTo(string("CheckValidation"));
    }

    @Test
    void aSuccessHasNoFailureAttributes() {
        Notification ok = new Notification("SUCCEEDED", "sales", "dbo.Orders", "r-1", null, null, null,
                "Sluice SUCCEEDED sales.dbo.Orders", "Run r-1 loaded 10 rows.");

        Map<String, MessageAttributeValue> attributes =
                new SnsNotifier(mock(SnsClient.class), TOPIC).request(ok).messageAttributes();

        assertThat(attributes).containsOnlyKeys("outcome", "table", "runId");
        assertThat(attributes.get("outcome")).isEqualTo(string("SUCCEEDED"));
    }

    @Test
    void throttlingIsTransientAndAMissingPermissionIsConfiguration() {
        SnsClient sns = mock(SnsClient.class);
        when(sns.publish(any(PublishRequest.class))).thenThrow(error(400, "Throttling", "Rate exceeded"));
        assertThatThrownBy(() -> new SnsNotifier(sns, TOPIC).publish(FAILED))
                .isExactlyInstanceOf(TransientFailure.class)
                .hasMessageContaining("FAILED notification of sales.dbo.Orders").hasMessageContaining(TOPIC);

        SnsClient denied = mock(SnsClient.class);
        when(denied.publish(any(PublishRequest.class))).thenThrow(
                error(403, "AuthorizationError", "not authorized to perform SNS:Publish"));
        assertThatThrownBy(() -> new SnsNotifier(denied, TOPIC).publish(FAILED))
                .isExactlyInstanceOf(ConfigurationFailure.class)
                .hasMessageContaining("AuthorizationError: not authorized to perform SNS:Publish")
                .hasMessageContaining("sns:Publish");
    }

    private static SnsException error(int status, String code, String message) {
        return (SnsException) SnsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
