package dev.sluice.lambda.aws.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process SNS for the stand-in {@link AwsWorld}: a loopback HTTP endpoint that speaks the SNS query protocol
 * the SDK's {@code SnsClient} uses ({@code POST /} with a form-encoded {@code Action}, XML answers) for the two
 * actions Sluice needs: {@code CreateTopic} and {@code Publish} (subject, message, String message attributes).
 *
 * <p>It behaves like SNS where the adapter's behaviour depends on it: a publish to a topic that was not created is
 * {@code 404 NotFound} ("Topic does not exist"), a request that is not SigV4-signed for {@code sns} is
 * {@code 403 IncompleteSignature}, and an unknown action is {@code 400 InvalidAction}. Signatures are not verified
 * (the stand-in has no secret to verify them with). Accepted messages are kept in order per topic.
 */
public final class SnsStandIn implements AutoCloseable {

    private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static final String ARN_PREFIX = "arn:aws:sns:us-east-1:000000000000:";

    private final HttpServer server;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<AwsWorld.Message> published = new CopyOnWriteArrayList<>();

    public SnsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the SDK reaches it: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** The messages published to {@code topicArn} so far, in order. */
    public List<AwsWorld.Message> published(String topicArn) {
        return published.stream().filter(m -> m.topicArn().equals(topicArn)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")
                    || !authorization.contains("/sns/aws4_request")) {
                error(exchange, 403, "IncompleteSignature", "the request is not SigV4-signed for sns");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 400, "InvalidAction", "SNS query actions are POSTed");
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "");
            switch (action) {
                case "CreateTopic" -> createTopic(exchange, form);
                case "Publish" -> publish(exchange, form);
                default -> error(exchange, 400, "InvalidAction", "the SNS stand-in does not implement '" + action
                        + "' (only CreateTopic and Publish)");
            }
        }
    }

    private void createTopic(HttpExchange exchange, Map<String, String> form) throws IOException {
        String name = form.get("Name");
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,256}")) {
            error(exchange, 400, "InvalidParameter", "Invalid parameter: Topic Name");
            return;
        }
        String arn = ARN_PREFIX + name;
        topics.add(arn);
        respond(exchange, 200, "<CreateTopicResponse xmlns=\"" + NAMESPACE + "\"><CreateTopicResult><TopicArn>"
                + xml(arn) + "</TopicArn></CreateTopicResult>" + metadata() + "</CreateTopicResponse>");
    }

    private void publish(HttpExchange exchange, Map<String, String> form) throws IOException {
        String topicArn = form.get("TopicArn");
        String message = form.get("Message");
        if (topicArn == null || !topics.contains(topicArn)) {
            error(exchange, 404, "NotFound", "Topic does not exist");
            return;
        }
        if (message == null || message.isEmpty()) {
            error(exchange, 400, "InvalidParameter", "Invalid parameter: Empty message");
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
            String prefix = "MessageAttributes.entry." + i + ".";
            attributes.put(form.get(prefix + "Name"), form.get(prefix + "Value.StringValue"));
        }
        String id = UUID.randomUUID().toString();
        published.add(new AwsWorld.Message(topicArn, id, form.get("Subject"), message, attributes));
        respond(exchange, 200, "<PublishResponse xmlns=\"" + NAMESPACE + "\"><PublishResult><MessageId>" + id
                + "</MessageId></PublishResult>" + metadata() + "</PublishResponse>");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> values = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
