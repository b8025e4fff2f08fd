package dev.sluice.lambda.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The parts of the AWS-world fixture that decide or parse something, checked without Docker or SDK clients. */
class AwsWorldTest {

    @Test
    void theStandInsAreChosenWithoutAskingDockerAndAnUnknownWorldIsRejected() {
        assertThat(WorldSelection.select("standins").kind()).isEqualTo(AwsWorld.Kind.STAND_INS);
        assertThat(WorldSelection.select(" Stand-Ins ").reason()).contains("sluice.aws.world=standins");
        assertThatThrownBy(() -> WorldSelection.select("aws"))
                .hasMessageContaining("sluice.aws.world is 'aws'").hasMessageContaining("standins, localstack or auto");
    }

    @Test
    void anSnsEnvelopeDeliveredToSqsBecomesTheMessageASubscriberSees() {
        String envelope = """
                {"Type": "Notification", "MessageId": "7f1c", "TopicArn": "arn:aws:sns:us-east-1:000000000000:alerts",
                 "Subject": "Sluice FAILED: sales.orders at StartCrawler (configuration)",
                 "Message": "A run of demo.sales.orders failed.\\nRun: r-1\\n",
                 "Timestamp": "2026-01-01T00:00:00.000Z", "SignatureVersion": "1",
                 "MessageAttributes": {"outcome": {"Type": "String", "Value": "FAILED"},
                                       "runId": {"Type": "String", "Value": "r-1"}}}
                """;

        AwsWorld.Message message = LocalStackWorld.envelope(envelope);

        assertThat(message.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:alerts");
        assertThat(message.messageId()).isEqualTo("7f1c");
        assertThat(message.subject()).isEqualTo("Sluice FAILED: sales.orders at StartCrawler (configuration)");
        assertThat(message.body()).isEqualTo("A run of demo.sales.orders failed.\nRun: r-1\n");
        assertThat(message.attributes()).containsExactly(entry("outcome", "FAILED"), entry("runId", "r-1"));
        assertThat(LocalStackWorld.envelope("{\"TopicArn\": \"t\", \"Message\": \"m\"}").subject()).isNull();
        assertThatThrownBy(() -> LocalStackWorld.envelope("not json")).hasMessageContaining("not an SNS envelope");
    }

    @Test
    void theSnsStandInRefusesRequestsNotSignedForSnsAndActionsItDoesNotImplement() throws Exception {
        try (SnsStandIn sns = new SnsStandIn(); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unsigned = http.send(post(sns.endpoint(), null, "Action=Publish"),
                    HttpResponse.BodyHandlers.ofString());
            String signed = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sns/aws4_request, SignedHeaders=host,"
                    + " Signature=00";
            HttpResponse<String> unknown = http.send(post(sns.endpoint(), signed, "Action=Subscribe"),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> noTopic = http.send(post(sns.endpoint(), signed,
                    "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Anone&Message=m"),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.body()).contains("<Code>IncompleteSignature</Code>");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("<Code>InvalidAction</Code>").contains("Subscribe");
            assertThat(noTopic.statusCode()).isEqualTo(404);
            assertThat(noTopic.body()).contains("<Code>NotFound</Code>");
            assertThat(sns.published("arn:aws:sns:us-east-1:000000000000:none")).isEmpty();
        }
    }

    @Test
    void formFieldsAreUrlDecoded() {
        assertThat(SnsStandIn.form("Action=Publish&Message=a+b%26c%3D&Subject=&Flag"))
                .containsEntry("Action", "Publish").containsEntry("Message", "a b&c=").containsEntry("Subject", "")
                .containsEntry("Flag", "");
    }

    private static HttpRequest post(URI endpoint, String authorization, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }
}
