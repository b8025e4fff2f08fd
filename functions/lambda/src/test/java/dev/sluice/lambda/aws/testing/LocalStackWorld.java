package dev.sluice.lambda.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.lambda.aws.AwsClientFactory;
import dev.sluice.lambda.aws.AwsClientSettings;
import dev.sluice.lambda.aws.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The AWS world in LocalStack (the free edition's services: S3, SNS, SQS, Lambda, Step Functions, Secrets Manager,
 * IAM, STS, CloudWatch Logs) through Testcontainers, on its own Docker network so that the Lambda containers
 * LocalStack starts ({@code LAMBDA_DOCKER_NETWORK}) reach LocalStack as {@value #NETWORK_ALIAS} and the other
 * containers of the test (a PostgreSQL source) by their aliases. The image is {@value #DEFAULT_IMAGE} unless system
 * property {@value #IMAGE_PROPERTY} names another. SNS messages are read through an SQS queue subscribed to the topic
 * (the standard SNS envelope: subject, message and message attributes).
 */
public final class LocalStackWorld implements AwsWorld {

    public static final String IMAGE_PROPERTY = "sluice.localstack.image";
    public static final String DEFAULT_IMAGE = "localstack/localstack:4.4.0";
    /** LocalStack's name on the test network (what the Lambda functions' endpoint overrides use). */
    public static final String NETWORK_ALIAS = "localstack";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Network.NetworkImpl network;
    private final LocalStackContainer container;
    private final AwsClientFactory clients;
    private final SqsClient sqs;

    private LocalStackWorld(Network.NetworkImpl network, LocalStackContainer container) {
        this.network = network;
        this.container = container;
        URI endpoint = container.getEndpoint();
        this.clients = new AwsClientFactory(new AwsClientSettings(Region.of(container.getRegion()), endpoint, true,
                credentials(), null, endpoint, endpoint));
        this.sqs = configure(SqsClient.builder()).build();
    }

    /** Starts LocalStack on a new Docker network (the image is pulled on first use). */
    public static LocalStackWorld start() {
        Network.NetworkImpl network = Network.builder().build();
        String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withNetwork(network)
                .withNetworkAliases(NETWORK_ALIAS)
                .withServices(Service.S3, Service.SNS, Service.SQS, Service.LAMBDA, Service.STEPFUNCTIONS,
                        Service.SECRETSMANAGER, Service.IAM, Service.STS, Service.CLOUDWATCHLOGS)
                .withEnv("LAMBDA_DOCKER_NETWORK", network.getName())
                .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120");
        try {
            container.start();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return new LocalStackWorld(network, container);
    }

    @Override
    public Kind kind() {
        return Kind.LOCALSTACK;
    }

    @Override
    public String description() {
        return "LocalStack " + container.getDockerImageName() + " at " + container.getEndpoint();
    }

    @Override
    public AwsClientSettings clientSettings() {
        return clients.settings();
    }

    @Override
    public AwsClientFactory clients() {
        return clients;
    }

    /** The Docker network LocalStack, its Lambda containers and the test's other containers share. */
    public Network network() {
        return network;
    }

    /** LocalStack's edge endpoint as seen from the Docker network (the Lambda functions' overrides). */
    public URI internalEndpoint() {
        return URI.create("http://" + NETWORK_ALIAS + ":4566");
    }

    /** {@code builder} pointed at LocalStack: endpoint, region and the container's credentials. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        return builder.endpointOverride(container.getEndpoint()).region(Region.of(container.getRegion()))
                .credentialsProvider(credentials());
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(),
                container.getSecretKey()));
    }

    @Override
    public S3ObjectStore createBucket(String name) {
        clients.s3().createBucket(b -> b.bucket(name));
        return new S3ObjectStore(clients.s3(), name);
    }

    @Override
    public Topic createTopic(String name) {
        String arn = clients.sns().createTopic(b -> b.name(name)).topicArn();
        String queueUrl = sqs.createQueue(b -> b.queueName(name + "-inbox")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(b -> b.topicArn(arn).protocol("sqs").endpoint(queueArn));
        return new Topic() {
            private final List<Message> received = new ArrayList<>();

            @Override
            public String arn() {
                return arn;
            }

            @Override
            public synchronized List<Message> awaitMessages(int count, Duration timeout) {
                Instant deadline = Instant.now().plus(timeout);
                while (received.size() < count && Instant.now().isBefore(deadline)) {
                    int wait = (int) Math.max(1, Math.min(5, Duration.between(Instant.now(), deadline).toSeconds()));
                    ReceiveMessageResponse batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10).waitTimeSeconds(wait));
                    for (var m : batch.messages()) {
                        received.add(envelope(m.body()));
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    }
                }
                if (received.size() < count) {
                    throw new AssertionError(count + " message(s) expected on " + arn + " within " + timeout + ", "
                            + received.size() + " arrived");
                }
                return List.copyOf(received.subList(0, count));
            }
        };
    }

    /** An SNS notification envelope as SNS delivers it to SQS (not raw delivery). */
    static Message envelope(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode a = n.path("MessageAttributes");
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                attributes.put(e.getKey(), e.getValue().path("Value").asText());
            }
            return new Message(n.path("TopicArn").asText(), n.path("MessageId").asText(),
                    n.hasNonNull("Subject") ? n.get("Subject").asText() : null, n.path("Message").asText(), attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("the SQS inbox received something that is not an SNS envelope: " + body, e);
        }
    }

    @Override
    public void close() {
        try {
            sqs.close();
            clients.close();
        } finally {
            try {
                container.stop();
            } finally {
                network.close();
            }
        }
    }
}
