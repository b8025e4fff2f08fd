package dev.sluice.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.lake.InMemoryObjectStore;
import dev.sluice.core.pipeline.StepName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLambdaEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalLambdaEndpoint endpoint = LocalLambdaEndpoint.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(endpoint.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.uri().getPort()).isPositive();
    }

    @Test
    void returnsTheFunctionsOutput() throws Exception {
        endpoint.register(StepName.COMMIT, input -> "{\"echo\": " + input + "}");

        Reply reply = post("/invoke/Commit", "{\"run\": \"r-1\"}", "Commit");

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.body).isEqualTo(JSON.readTree("{\"output\": {\"echo\": {\"run\": \"r-1\"}}}"));
    }

    @Test
    void reportsAnExceptionAsTheJavaLambdaRuntimeDoes() throws Exception {
        endpoint.register("SealRun", input -> {
            throw new TransientFailure("S3 throttled run r-1; retried");
        });

        Reply reply = post("/invoke/SealRun", "{}", "SealRun");

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.body.path("errorType").asText()).isEqualTo("dev.sluice.core.failure.TransientFailure");
        assertThat(reply.body.path("errorMessage").asText()).isEqualTo("S3 throttled run r-1; retried");
        assertThat(reply.body.path("stackTrace").get(0).asText()).contains("LocalLambdaEndpointTest");
    }

    @Test
    void fallsBackToTheStateNameAndNamesWhatIsRegisteredWhenNothingMatches() throws Exception {
        endpoint.register("Greet", input -> "\"hello\"");

        assertThat(post("/invoke/arn-less", "{}", "Greet").body).isEqualTo(JSON.readTree("{\"output\": \"hello\"}"));
        Reply missing = post("/invoke/Plan", "{}", "Plan");
        assertThat(missing.status).isEqualTo(404);
        assertThat(missing.body.path("errorType").asText()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(missing.body.path("errorMessage").asText()).contains("Plan").contains("[Greet]");
    }

    @Test
    void outputThatIsNotJsonIsAServiceError() throws Exception {
        endpoint.register("Broken", input -> "not json");

        Reply reply = post("/invoke/Broken", "{}", "Broken");

        assertThat(reply.body.path("errorType").asText()).isEqualTo("Lambda.ServiceException");
    }

    @Test
    void servesObjectsOfRegisteredBuckets() throws Exception {
        InMemoryObjectStore lake = new InMemoryObjectStore();
        lake.putIfAbsent("runs/r-1/items.json", "[{\"chunkIndex\": 0}]".getBytes(StandardCharsets.UTF_8),
                "application/json");
        endpoint.bucket("lake", lake);

        Reply found = post("/s3/getObject", "{\"Bucket\": \"lake\", \"Key\": \"runs/r-1/items.json\"}", "");
        Reply noKey = post("/s3/getObject", "{\"Bucket\": \"lake\", \"Key\": \"runs/r-2/items.json\"}", "");
        Reply noBucket = post("/s3/getObject", "{\"Bucket\": \"other\", \"Key\": \"k\"}", "");

        assertThat(found.status).isEqualTo(200);
        assertThat(found.body.path("body").asText()).isEqualTo("[{\"chunkIndex\": 0}]");
        assertThat(noKey.status).isEqualTo(404);
        assertThat(noKey.body.path("errorType").asText()).isEqualTo("S3.NoSuchKey");
        assertThat(noBucket.body.path("errorType").asText()).isEqualTo("S3.NoSuchBucket");
        assertThat(noBucket.body.path("errorMessage").asText()).contains("[lake]");
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply post(String path, String body, String state) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.uri() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!state.isEmpty()) {
            request.header("x-sluice-state", state);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
