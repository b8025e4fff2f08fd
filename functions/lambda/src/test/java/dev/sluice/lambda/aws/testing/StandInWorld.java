package dev.sluice.lambda.aws.testing;

import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.S3ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The AWS world without Docker: S3Proxy in memory (the S3 of local mode and of the other {@code *IT} tests) and
 * {@link SnsStandIn}, each on its own loopback port, reached through the same endpoint overrides as LocalStack.
 */
public final class StandInWorld implements AwsWorld {

    private final S3ProxyFixture s3;
    private final SnsStandIn sns;
    private final AwsClientFactory clients;

    private StandInWorld(S3ProxyFixture s3, SnsStandIn sns) {
        this.s3 = s3;
        this.sns = sns;
        this.clients = new AwsClientFactory(s3.clientSettings().withSnsEndpoint(sns.endpoint()));
    }

    /** Starts S3Proxy (with an unused first bucket the fixture needs) and the SNS stand-in. */
    public static StandInWorld start() throws Exception {
        S3ProxyFixture s3 = S3ProxyFixture.inMemory(AwsWorld.uniqueName("sluice-world"));
        try {
            return new StandInWorld(s3, new SnsStandIn());
        } catch (Exception | Error e) {
            s3.close();
            throw e;
        }
    }

    @Override
    public Kind kind() {
        return Kind.STAND_INS;
    }

    @Override
    public String description() {
        return "stand-ins: S3Proxy at " + s3.endpoint() + ", in-process SNS at " + sns.endpoint();
    }

    @Override
    public AwsClientSettings clientSettings() {
        return clients.settings();
    }

    @Override
    public AwsClientFactory clients() {
        return clients;
    }

    @Override
    public S3ObjectStore createBucket(String name) {
        clients.s3().createBucket(b -> b.bucket(name));
        return new S3ObjectStore(clients.s3(), name);
    }

    @Override
    public Topic createTopic(String name) {
        String arn = clients.sns().createTopic(b -> b.name(name)).topicArn();
        return new Topic() {
            @Override
            public String arn() {
                return arn;
            }

            @Override
            public List<Message> awaitMessages(int count, Duration timeout) {
                Instant deadline = Instant.now().plus(timeout);
                List<Message> messages = sns.published(arn);
                while (messages.size() < count && Instant.now().isBefore(deadline)) {
                    Thread.onSpinWait();
                    messages = sns.published(arn);
                }
                if (messages.size() < count) {
                    throw new AssertionError(count + " message(s) expected on " + arn + " within " + timeout
                            + ", " + messages.size() + " arrived");
                }
                return messages.subList(0, count);
            }
        };
    }

    @Override
    public void close() throws Exception {
        try {
            clients.close();
        } finally {
            try {
                sns.close();
            } finally {
                s3.close();
            }
        }
    }
}
