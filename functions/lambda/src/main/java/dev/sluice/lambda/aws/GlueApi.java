package dev.sluice.lambda.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import dev.sluice.core.catalog.CatalogColumn;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * The five AWS Glue Data Catalog operations {@link GlueCatalog} uses (StartCrawler, GetCrawler, GetTable, GetTables,
 * BatchCreatePartition), spoken directly in Glue's JSON 1.1 protocol: a SigV4-signed POST to {@code /} with
 * {@code X-Amz-Target: AWSGlue.<Operation>}, sent through the process's one SDK HTTP client.
 *
 * <p>Why not the SDK's GlueClient: its generated model is about 8 MB of the shaded Lambda jar, for five calls.
 * Signing, credentials and the HTTP client stay the SDK's own.
 *
 * <p>A transient failure (throttling, a Glue service error, a 5xx, a broken connection) is retried once after a
 * jittered pause; what still fails is thrown as a {@link GlueApiException} with Glue's error type and message.
 */
public final class GlueApi {

    private static final String SIGNING_NAME = "glue";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int ATTEMPTS = 2;

    private final SdkHttpClient http;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Duration retryPause;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * @param endpoint the Glue endpoint, or null for the regional {@code https://glue.<region>.amazonaws.com}
     */
    public GlueApi(SdkHttpClient http, Region region, URI endpoint, AwsCredentialsProvider credentials) {
        this(http, region, endpoint, credentials, Duration.ofMillis(300));
    }

    GlueApi(SdkHttpClient http, Region region, URI endpoint, AwsCredentialsProvider credentials,
            Duration retryPause) {
        this.http = Objects.requireNonNull(http, "http");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoint = endpoint != null ? endpoint
                : URI.create("https://glue." + region.id() + "."
                        + (region.metadata() == null ? "amazonaws.com" : region.metadata().domain()));
        this.retryPause = retryPause;
    }

    /** The endpoint requests are sent to. */
    public URI endpoint() {
        return endpoint;
    }

    /** A crawler as GetCrawler describes it; {@code lastCrawl} is null when it never ran. */
    public record Crawler(String name, String state, LastCrawl lastCrawl) {
    }

    /** The outcome of a crawler's most recent crawl (Glue's LastCrawlInfo). */
    public record LastCrawl(String status, Instant startTime, String errorMessage, String logGroup,
            String logStream) {
    }

    /** A catalog table: its data columns (from the storage descriptor) and its partition keys. */
    public record Table(String name, List<CatalogColumn> columns, List<CatalogColumn> partitionKeys) {
    }

    /** One page of GetTables: the table names and the token of the next page (null on the last). */
    public record TablePage(List<String> names, String nextToken) {
    }

    /** A partition to create: its values, S3 location, data columns and storage formats. */
    public record PartitionInput(List<String> values, String location, List<CatalogColumn> columns,
            String inputFormat, String outputFormat, String serializationLibrary) {
    }

    /** A partition BatchCreatePartition did not create, with Glue's error code and message. */
    public record PartitionError(List<String> values, String errorCode, String errorMessage) {
    }

    /** StartCrawler. A crawler already running fails with error type {@code CrawlerRunningException}. */
    public void startCrawler(String name) {
        ObjectNode body = json.createObjectNode().put("Name", name);
        call("StartCrawler", body);
    }

    /** GetCrawler. */
    public Crawler getCrawler(String name) {
        JsonNode crawler = call("GetCrawler", json.createObjectNode().put("Name", name)).path("Crawler");
        JsonNode last = crawler.path("LastCrawl");
        LastCrawl lastCrawl = last.isObject()
                ? new LastCrawl(text(last, "Status"), instant(last.get("StartTime")), text(last, "ErrorMessage"),
                        text(last, "LogGroup"), text(last, "LogStream"))
                : null;
        return new Crawler(Optional.ofNullable(text(crawler, "Name")).orElse(name), text(crawler, "State"),
                lastCrawl);
    }

    /** GetTable. A missing table or database fails with error type {@code EntityNotFoundException}. */
    public Table getTable(String database, String name) {
        JsonNode table = call("GetTable", json.createObjectNode().put("DatabaseName", database).put("Name", name))
                .path("Table");
        return new Table(text(table, "Name"), columns(table.path("StorageDescriptor").path("Columns")),
                columns(table.path("PartitionKeys")));
    }

    /** One page of GetTables for the tables whose names match {@code expression} (a regular expression). */
    public TablePage getTables(String database, String expression, String nextToken) {
        ObjectNode body = json.createObjectNode().put("DatabaseName", database).put("Expression", expression);
        if (nextToken != null) {
            body.put("NextToken", nextToken);
        }
        JsonNode page = call("GetTables", body);
        List<String> names = new ArrayList<>();
        page.path("TableList").forEach(t -> names.add(text(t, "Name")));
        String token = text(page, "NextToken");
        return new TablePage(names, token == null || token.isEmpty() ? null : token);
    }

    /** BatchCreatePartition of one table; returns the partitions Glue did not create (an empty list when all were). */
    public List<PartitionError> batchCreatePartition(String database, String table, List<PartitionInput> inputs) {
        ObjectNode body = json.createObjectNode().put("DatabaseName", database).put("TableName", table);
        ArrayNode list = body.putArray("PartitionInputList");
        for (PartitionInput input : inputs) {
            ObjectNode partition = list.addObject();
            input.values().forEach(partition.putArray("Values")::add);
            ObjectNode sd = partition.putObject("StorageDescriptor");
            ArrayNode columns = sd.putArray("Columns");
            input.columns().forEach(c -> columns.addObject().put("Name", c.name()).put("Type", c.type()));
            sd.put("Location", input.location())
                    .put("InputFormat", input.inputFormat())
                    .put("OutputFormat", input.outputFormat());
            sd.putObject("SerdeInfo").put("SerializationLibrary", input.serializationLibrary());
        }
        List<PartitionError> errors = new ArrayList<>();
        for (JsonNode error : call("BatchCreatePartition", body).path("Errors")) {
            List<String> values = new ArrayList<>();
            error.path("PartitionValues").forEach(v -> values.add(v.asText()));
            JsonNode detail = error.path("ErrorDetail");
            errors.add(new PartitionError(values, text(detail, "ErrorCode"), text(detail, "ErrorMessage")));
        }
        return errors;
    }

    /** Sends one operation, retrying a transient failure once; returns the response document. */
    JsonNode call(String operation, ObjectNode body) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return send(operation, payload);
            } catch (GlueApiException e) {
                if (!e.isTransient() || attempt >= ATTEMPTS) {
                    throw e;
                }
                pause();
            }
        }
    }

    private JsonNode send(String operation, byte[] payload) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("X-Amz-Target", "AWSGlue." + operation)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        SignedRequest signed;
        try {
            signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        } catch (RuntimeException e) {
            throw new GlueApiException(operation, "CredentialsUnavailable", 0,
                    "could not sign the request (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    false, e);
        }
        int status;
        byte[] response;
        try {
            HttpExecuteResponse executed = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            status = executed.httpResponse().statusCode();
            response = new byte[0];
            if (executed.responseBody().isPresent()) {
                try (InputStream in = executed.responseBody().get()) {
                    response = in.readAllBytes();
                }
            }
            if (status / 100 == 2) {
                return response.length == 0 ? json.createObjectNode() : json.readTree(response);
            }
            String headerType = executed.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null);
            throw error(operation, status, response, headerType);
        } catch (IOException e) {
            throw new GlueApiException(operation, "IOException", 0,
                    "the connection to " + endpoint + " failed (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + ")", true, e);
        }
    }

    private GlueApiException error(String operation, int status, byte[] response, String headerType) {
        String type = null;
        String message = null;
        try {
            JsonNode document = response.length == 0 ? json.createObjectNode() : json.readTree(response);
            type = text(document, "__type");
            message = Optional.ofNullable(text(document, "message")).orElse(text(document, "Message"));
        } catch (IOException e) {
            message = "HTTP " + status + " with a body that is not JSON";
        }
        if (type == null) {
            type = headerType;
        }
        type = errorType(type, status);
        boolean transientFailure = status >= 500 || AwsFailures.isTransientCode(type);
        return new GlueApiException(operation, type, status, message == null ? "HTTP " + status : message,
                transientFailure, null);
    }

    /**
     * The error type without its namespace: {@code com.amazonaws.glue#CrawlerRunningException} and
     * {@code CrawlerRunningException:http://internal.amazon.com/...} are both {@code CrawlerRunningException}.
     */
    static String errorType(String raw, int status) {
        if (raw == null || raw.isBlank()) {
            return "HTTP" + status;
        }
        String type = raw.strip();
        int hash = type.lastIndexOf('#');
        if (hash >= 0) {
            type = type.substring(hash + 1);
        }
        int colon = type.indexOf(':');
        if (colon >= 0) {
            type = type.substring(0, colon);
        }
        return type;
    }

    private void pause() {
        long base = retryPause.toMillis();
        long millis = base + ThreadLocalRandom.current().nextLong(base + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a Glue call", e);
        }
    }

    private static List<CatalogColumn> columns(JsonNode columns) {
        List<CatalogColumn> result = new ArrayList<>();
        columns.forEach(c -> result.add(new CatalogColumn(text(c, "Name"), text(c, "Type"))));
        return List.copyOf(result);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Glue's JSON timestamps are epoch seconds with a fraction. */
    private static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return Instant.parse(value.asText());
        }
        BigDecimal seconds = value.decimalValue();
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** A Glue call that failed: Glue's error type (e.g. {@code EntityNotFoundException}), status and message. */
    public static final class GlueApiException extends RuntimeException {

        private final String operation;
        private final String errorType;
        private final int statusCode;
        private final boolean transientFailure;

        GlueApiException(String operation, String errorType, int statusCode, String message,
                boolean transientFailure, Throwable cause) {
            super(errorType + ": " + message, cause);
            this.operation = operation;
            this.errorType = errorType;
            this.statusCode = statusCode;
            this.transientFailure = transientFailure;
        }

        public String operation() {
            return operation;
        }

        /** Glue's error type without its namespace, e.g. {@code ThrottlingException}. */
        public String errorType() {
            return errorType;
        }

        /** The HTTP status, or 0 when no response arrived. */
        public int statusCode() {
            return statusCode;
        }

        /** Whether a later retry may succeed: throttling, a Glue service error, a 5xx, a broken connection. */
        public boolean isTransient() {
            return transientFailure;
        }

        /** Whether the error type is {@code type}. */
        public boolean is(String type) {
            return errorType.toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT));
        }
    }
}
