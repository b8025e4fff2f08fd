package dev.sluice.lambda.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.failure.ConfigurationFailure;
import dev.sluice.core.failure.SourceFailure;
import dev.sluice.core.failure.TransientFailure;
import dev.sluice.core.source.SourceCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Source logins from Secrets Manager, by the secret ARN config names ({@code sources[].credentials.secretArn}). The
 * secret's value is JSON {@code {"username": ..., "password": ...}} (the shape RDS and the console create; other
 * fields are ignored). A value is cached per container for {@link #ttl()} so a burst of chunk extractions does not
 * call Secrets Manager each time, and a rotation is picked up within the TTL ({@link #invalidate} drops it sooner,
 * after a login is refused). Nothing about a value, not even a fragment of unparseable JSON, reaches a message, a
 * log line or {@link #toString()}.
 */
public final class SecretsManagerCredentials {

    /** The default time a login is reused before it is read again. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(SourceCredentials credentials, Instant expires) {
        @Override
        public String toString() {
            return "Cached[credentials=" + credentials + ", expires=" + expires + "]";
        }
    }

    public SecretsManagerCredentials(SecretsManagerClient secrets, Clock clock, Duration ttl) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("secret cache TTL must not be negative: " + ttl);
        }
    }

    /** How long a login is reused. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * The login in secret {@code secretArn}, for source {@code source} (named in messages).
     *
     * @throws SourceFailure        when the secret is missing, not readable by the function or not a login
     * @throws TransientFailure     when Secrets Manager is throttling or unavailable
     * @throws ConfigurationFailure when no secret ARN is given
     */
    public SourceCredentials credentials(String source, String secretArn) {
        if (secretArn == null || secretArn.isBlank()) {
            throw new ConfigurationFailure("sources[" + source + "].credentials.secretArn is not set: in AWS the"
                    + " source login comes from a Secrets Manager secret; set its ARN in config and redeploy");
        }
        Instant now = clock.instant();
        Cached cached = cache.get(secretArn);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.credentials();
        }
        SourceCredentials fresh = read(source, secretArn);
        cache.put(secretArn, new Cached(fresh, now.plus(ttl)));
        return fresh;
    }

    /** Forgets the cached login of {@code secretArn} (after the source refused it: it may have been rotated). */
    public void invalidate(String secretArn) {
        cache.remove(secretArn);
    }

    private SourceCredentials read(String source, String secretArn) {
        GetSecretValueResponse response;
        try {
            response = secrets.getSecretValue(GetSecretValueRequest.builder().secretId(secretArn).build());
        } catch (SdkException e) {
            String message = "cannot read the login of source " + source + " from secret " + secretArn + ": "
                    + AwsFailures.message(e);
            if (AwsFailures.isTransient(e)) {
                throw new TransientFailure(message + "; the state machine retries", e);
            }
            throw new SourceFailure(message + ". Check that the secret exists in this region and that the"
                    + " function's role may call secretsmanager:GetSecretValue on it (and kms:Decrypt on its key)", e);
        }
        String value = response.secretString();
        if (value == null) {
            throw new SourceFailure("secret " + secretArn + " of source " + source + " has no string value (binary"
                    + " secrets are not supported): store {\"username\": ..., \"password\": ...} as its value");
        }
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            // No cause and no parser message: both can quote the secret's text.
            throw new SourceFailure("secret " + secretArn + " of source " + source + " is not JSON: store"
                    + " {\"username\": ..., \"password\": ...} as its value");
        }
        String username = field(json, "username");
        String password = field(json, "password");
        if (username == null || password == null) {
            throw new SourceFailure("secret " + secretArn + " of source " + source + " lacks "
                    + (username == null ? "\"username\"" : "\"password\"") + ": store {\"username\": ...,"
                    + " \"password\": ...} as its value");
        }
        return new SourceCredentials(username, password);
    }

    private static String field(JsonNode json, String name) {
        JsonNode node = json == null ? null : json.get(name);
        return node == null || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
    }

    @Override
    public String toString() {
        return "SecretsManagerCredentials[cached=" + cache.keySet() + ", ttl=" + ttl + "]";
    }
}
