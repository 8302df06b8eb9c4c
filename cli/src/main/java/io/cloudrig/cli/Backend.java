package io.cloudrig.cli;

import io.cloudrig.cli.runtime.RuntimeControl;
import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.events.EventPublisher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;

/**
 * The store and the event publisher a verb talks to: the configured ones in external mode (Kafka, or the SQS queues of
 * the Lambda deployment), else the local runtime's (started on first need). Opened lazily, closed at the end of the
 * invocation.
 */
public final class Backend implements AutoCloseable {
    private static final String DEFAULT_REGION = "us-east-1";

    private final CliEnv env;
    private DynamoDbClient client;
    private DeploymentStore store;
    private EventPublisher publisher;
    private Runnable closePublisher;
    private CliConfig config;
    private RuntimeInfo runtime;

    public Backend(CliEnv env) {
        this.env = env;
    }

    private CliConfig config() {
        if (config == null) {
            config = CliConfig.load(env.home(), env.env());
        }
        return config;
    }

    private RuntimeInfo runtime() {
        if (runtime == null) {
            runtime = new RuntimeControl(env.home(), env.err()).ensureRunning();
        }
        return runtime;
    }

    public synchronized DeploymentStore store() {
        if (store == null) {
            CliConfig c = config();
            String table = c.table().orElse(DynamoDbDeploymentStore.DEFAULT_TABLE);
            if (c.external()) {
                client = externalClient(c);
            } else {
                client = DynamoDbDeploymentStore.localClient(URI.create(runtime().dynamoDbEndpoint()));
            }
            store = DynamoDbDeploymentStore.builder().client(client).tableName(table).build();
        }
        return store;
    }

    /** SQS when an SQS key is set, else Kafka: the configured broker in external mode, else the local runtime's. */
    public synchronized EventPublisher publisher() {
        if (publisher == null) {
            CliConfig c = config();
            if (c.sqs()) {
                SqsEventPublisher sqs = sqsPublisher(c);
                closePublisher = sqs::close;
                publisher = sqs;
            } else {
                KafkaEventPublisher kafka = new KafkaEventPublisher(kafkaBootstrap(c));
                closePublisher = kafka::close;
                publisher = kafka;
            }
        }
        return publisher;
    }

    private String kafkaBootstrap(CliConfig c) {
        if (!c.external()) {
            return runtime().kafkaBootstrap();
        }
        return c.kafkaBootstrap().orElseThrow(() -> new CliFailure("external mode: no Kafka or SQS configured; set "
                + "CLOUDRIG_KAFKA_BOOTSTRAP (kafka.bootstrap) or CLOUDRIG_SQS_QUEUE_PREFIX (sqs.queue_prefix) in the "
                + "environment or " + env.home().resolve(CliConfig.FILE)));
    }

    /** A loopback endpoint (ElasticMQ) gets dummy credentials; any other, like AWS itself, the default chain. */
    private static SqsEventPublisher sqsPublisher(CliConfig c) {
        String region = c.region().orElse(DEFAULT_REGION);
        SqsClientBuilder b = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region));
        String endpoint = c.sqsEndpoint().orElse(null);
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
            if (isLoopback(endpoint)) {
                b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            }
        }
        return new SqsEventPublisher(b.build(), c.sqsQueuePrefix(),
                endpoint != null ? "at " + endpoint : "in region " + region);
    }

    private static DynamoDbClient externalClient(CliConfig c) {
        String endpoint = c.dynamoDbEndpoint().orElse(null);
        if (endpoint != null && isLoopback(endpoint)) {
            return DynamoDbDeploymentStore.localClient(URI.create(endpoint));
        }
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(c.region().orElse(DEFAULT_REGION)));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    private static boolean isLoopback(String endpoint) {
        String host = URI.create(endpoint).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    }

    @Override
    public void close() {
        if (closePublisher != null) {
            closePublisher.run();
        }
        if (client != null) {
            client.close();
        }
    }
}
