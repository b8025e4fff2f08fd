package dev.sluice.lambda.aws.testing;

import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.S3ObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS side of an integration test: somewhere the real AWS adapters ({@link S3ObjectStore},
 * {@link dev.sluice.lambda.aws.SnsNotifier}, ...) can talk to through the endpoint overrides of
 * {@link AwsClientSettings} (path-style S3), exactly as a Lambda configured with {@code SLUICE_*_ENDPOINT} would.
 *
 * <p>Two worlds implement it:
 * <ul>
 *   <li>{@link LocalStackWorld}: one LocalStack container (Testcontainers) for the whole test JVM, when a Docker
 *       engine is available. SNS messages are read back through an SQS queue subscribed to the topic.</li>
 *   <li>{@link StandInWorld}: in-process stand-ins, no Docker, no network: S3Proxy for S3 (as local mode's lake) and
 *       {@link SnsStandIn}, a loopback HTTP endpoint speaking the SNS query API (CreateTopic, Publish) that keeps the
 *       messages it accepts. Local mode itself has no SNS (it writes notifications to a file), so the stand-in is
 *       here: it lets the real {@code SnsClient} and {@code SnsNotifier} run unchanged.</li>
 * </ul>
 * Which one runs is {@link #selection()}: system property {@value #WORLD_PROPERTY} = {@code standins},
 * {@code localstack} or {@code auto} (the default outside Maven: LocalStack when Docker answers, else the stand-ins).
 * Tests get a world through {@link AwsWorldExtension}, and name it in their display names
 * ({@link AwsWorldDisplayNames}).
 */
public interface AwsWorld extends AutoCloseable {

    /** The system property choosing the world. */
    String WORLD_PROPERTY = "sluice.aws.world";

    /** The two worlds. */
    enum Kind {
        LOCALSTACK("LocalStack"),
        STAND_INS("stand-ins");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The world this JVM runs its AWS-world tests in, and why.
     *
     * @param kind   the world
     * @param reason why it was chosen (printed, and the skip reason of LocalStack-only tests in the stand-in world)
     */
    record Selection(Kind kind, String reason) {
    }

    /** The world selected by {@value #WORLD_PROPERTY} and the Docker engine's presence (checked once per JVM). */
    static Selection selection() {
        return WorldSelection.selected();
    }

    Kind kind();

    /** What the world is made of, for output: e.g. {@code LocalStack localstack/localstack:4.4.0 at http://...}. */
    String description();

    /** The settings the adapters are built with here: region, credentials, S3 (path style) and SNS overrides. */
    AwsClientSettings clientSettings();

    /** One client factory on {@link #clientSettings()}, shared by the tests of this world (closed with it). */
    AwsClientFactory clients();

    /** Creates the bucket {@code name} (a fresh name per test class) and returns the lake port on it. */
    S3ObjectStore createBucket(String name);

    /** Creates the SNS topic {@code name} and an inbox that receives what is published to it. */
    Topic createTopic(String name);

    /** An SNS topic and what was published to it, as a subscriber sees it. */
    interface Topic {
        String arn();

        /**
         * The first {@code count} messages published to the topic, waiting (polling) up to {@code timeout} for them.
         *
         * @throws AssertionError naming the topic when fewer arrived in time
         */
        List<Message> awaitMessages(int count, Duration timeout);
    }

    /** One SNS message as a subscriber receives it: subject, body and the String message attributes. */
    record Message(String topicArn, String messageId, String subject, String body, Map<String, String> attributes) {
    }

    /** A bucket name unique to this JVM's run, S3-valid (lower case, digits, hyphens). */
    static String uniqueName(String prefix) {
        return (prefix + "-" + Long.toString(System.nanoTime(), 36)).toLowerCase(Locale.ROOT);
    }
}
