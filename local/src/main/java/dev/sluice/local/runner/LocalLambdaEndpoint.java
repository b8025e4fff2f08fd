package dev.sluice.local.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.lake.ObjectStore;
import dev.sluice.core.pipeline.StepName;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Lambda service of one machine: an HTTP endpoint on 127.0.0.1 (ephemeral port) through which the local state
 * machine runner's node process calls the step functions running in this JVM, and reads Distributed Map item lists
 * from the lake's object store.
 *
 * <ul>
 *   <li>{@code POST /invoke/<name>}: the body is the Task's effective input. The function registered under
 *       {@code <name>} (the Resource's function name, e.g. {@code Notify}) runs, else the one registered under the
 *       calling state's name (header {@code x-sluice-state}). Replies {@code 200 {"output": ...}}, or
 *       {@code 200 {"errorType", "errorMessage", "stackTrace"}} when it throws, with the exception's fully
 *       qualified class name as {@code errorType} exactly as the Java Lambda runtime reports it; {@code 404} with
 *       {@code Lambda.ResourceNotFoundException} when nothing is registered.</li>
 *   <li>{@code POST /s3/getObject} with {@code {"Bucket", "Key"}}: replies {@code 200 {"body": <UTF-8 text>}}
 *       from the {@link ObjectStore} registered for the bucket, or {@code 404} {@code S3.NoSuchBucket} /
 *       {@code S3.NoSuchKey}.</li>
 * </ul>
 * Each request runs on its own virtual thread, so a Map's iterations call functions concurrently as in AWS.
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    private static final int MAX_STACK_FRAMES = 30;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, ObjectStore> buckets = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    private LocalLambdaEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts an endpoint with no functions and no buckets on an ephemeral port of 127.0.0.1. */
    public static LocalLambdaEndpoint start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new StateMachineRunnerException("cannot listen on 127.0.0.1 for the local Lambda endpoint: "
                    + e.getMessage(), e);
        }
        LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(server);
        server.setExecutor(endpoint.executor);
        server.createContext("/invoke/", endpoint::invoke);
        server.createContext("/s3/getObject", endpoint::getObject);
        server.start();
        return endpoint;
    }

    /** Registers {@code function} under {@code name}: a function name from a Resource, or a Task state's name. */
    public LocalLambdaEndpoint register(String name, LocalFunction function) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a local function needs a name (a function or Task state name)");
        }
        functions.put(name, java.util.Objects.requireNonNull(function, "function"));
        return this;
    }

    /**
     * Registers {@code function} as step {@code step}'s Lambda: Tasks whose Resource is the step's
     * {@code ${<Step>FunctionArn}} (substituted by default with {@link ExecutionOptions#functionArn}) call it.
     */
    public LocalLambdaEndpoint register(StepName step, LocalFunction function) {
        return register(step.id(), function);
    }

    /** Serves {@code getObject} of bucket {@code bucket} (Distributed Map item readers) from {@code store}. */
    public LocalLambdaEndpoint bucket(String bucket, ObjectStore store) {
        buckets.put(bucket, java.util.Objects.requireNonNull(store, "store"));
        return this;
    }

    /** The endpoint's base URI, {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/invoke/".length()),
                    StandardCharsets.UTF_8);
            String state = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-sluice-state")).orElse("");
            String input = readBody(exchange.getRequestBody());
            LocalFunction function = functions.get(name);
            if (function == null) {
                function = functions.get(state);
            }
            if (function == null) {
                reply(exchange, 404, error("Lambda.ResourceNotFoundException", "no local function is registered as "
                        + name + " (Task state " + state + "); register it on the LocalLambdaEndpoint under its "
                        + "function name or state name; registered: " + new TreeSet<>(functions.keySet()), null));
                return;
            }
            reply(exchange, 200, call(function, input));
        }
    }

    private ObjectNode call(LocalFunction function, String input) {
        String output;
        try {
            output = function.invoke(input);
        } catch (Throwable failure) {
            return error(failure.getClass().getName(), failure.getMessage(), failure);
        }
        ObjectNode reply = json.createObjectNode();
        try {
            reply.set("output", output == null || output.isBlank() ? json.nullNode() : json.readTree(output));
        } catch (JsonProcessingException e) {
            return error("Lambda.ServiceException",
                    "the local function returned text that is not JSON: " + e.getOriginalMessage(), null);
        }
        return reply;
    }

    private void getObject(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = json.readTree(readBody(exchange.getRequestBody()));
            String bucket = request.path("Bucket").asText("");
            String key = request.path("Key").asText("");
            ObjectStore store = buckets.get(bucket);
            if (store == null) {
                reply(exchange, 404, error("S3.NoSuchBucket", "bucket " + bucket + " is not served by the local "
                        + "Lambda endpoint; register it with LocalLambdaEndpoint.bucket; served: "
                        + new TreeSet<>(buckets.keySet()), null));
                return;
            }
            Optional<ObjectStore.StoredObject> object = store.get(key);
            if (object.isEmpty()) {
                reply(exchange, 404, error("S3.NoSuchKey", "s3://" + bucket + "/" + key + " does not exist", null));
                return;
            }
            ObjectNode reply = json.createObjectNode();
            reply.put("body", new String(object.get().bytes(), StandardCharsets.UTF_8));
            reply(exchange, 200, reply);
        } catch (RuntimeException e) {
            reply(exchange, 500, error("S3.ServiceException", String.valueOf(e.getMessage()), e));
        }
    }

    /** The error document of the Java Lambda runtime: errorMessage, errorType, stackTrace. */
    private ObjectNode error(String errorType, String message, Throwable failure) {
        ObjectNode error = json.createObjectNode();
        error.put("errorMessage", message);
        error.put("errorType", errorType);
        ArrayNode stack = error.putArray("stackTrace");
        if (failure != null) {
            StackTraceElement[] frames = failure.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_STACK_FRAMES); i++) {
                stack.add(frames[i].toString());
            }
        }
        return error;
    }

    private static String readBody(InputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
