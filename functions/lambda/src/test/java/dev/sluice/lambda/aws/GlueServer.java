package dev.sluice.lambda.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * An in-process Glue endpoint for tests: answers JSON 1.1 operations ({@code X-Amz-Target: AWSGlue.<Operation>})
 * from scripted responses and records every request, with a {@link GlueApi} pointed at it.
 */
final class GlueServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A request as it arrived: the operation, the parsed body and the headers that matter. */
    record Request(String target, JsonNode body, String contentType, String authorization, String amzDate) {
    }

    /** A scripted answer. */
    record Response(int status, String body) {
    }

    static Response ok(String body) {
        return new Response(200, body);
    }

    static Response error(int status, String type, String message) {
        return new Response(status, JSON.createObjectNode().put("__type", type).put("message", message).toString());
    }

    private final HttpServer server;
    private final SdkHttpClient http;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<JsonNode, Response>> answers = new ConcurrentHashMap<>();
    private final Map<String, Deque<Response>> queued = new ConcurrentHashMap<>();
    final GlueApi api;

    GlueServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        http = ApacheHttpClient.builder().build();
        api = new GlueApi(http, Region.EU_WEST_1, endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                Duration.ofMillis(1));
    }

    URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    SdkHttpClient http() {
        return http;
    }

    /** Answers every call of {@code operation} with {@code answer} applied to the request body. */
    void answer(String operation, Function<JsonNode, Response> answer) {
        answers.put(operation, answer);
    }

    /** Answers the next calls of {@code operation} with these responses, in order, before any standing answer. */
    void answerNext(String operation, Response... responses) {
        queued.computeIfAbsent(operation, o -> new ArrayDeque<>()).addAll(List.of(responses));
    }

    List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.target().equals("AWSGlue." + operation)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(bytes);
            requests.add(new Request(target, body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Date")));
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Deque<Response> next = queued.get(operation);
            Response response;
            if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
                response = error(400, "UnknownOperationException", "expected POST /");
            } else if (next != null && !next.isEmpty()) {
                response = next.poll();
            } else if (answers.containsKey(operation)) {
                response = answers.get(operation).apply(body);
            } else {
                response = error(400, "UnknownOperationException", "no answer scripted for " + target);
            }
            byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        http.close();
        server.stop(0);
    }
}
