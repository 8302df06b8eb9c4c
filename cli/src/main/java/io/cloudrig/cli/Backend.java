package io.cloudrig.cli;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.cli.runtime.RuntimeControl;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.QueueNotFoundException;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.embedded.RuntimeInfo;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Optional;

/**
 * The store and the event publisher a verb talks to: the configured ones in external mode (Kafka, or the SQS queues of
 * the Lambda deployment), else the local runtime's (started on first need). Opened lazily, closed at the end of the
 * invocation. The clients are the shared ones ({@link AwsClients}, the delivery module's publishers); this is the CLI's
 * boundary with them, where their failures become one {@link CliFailure} line.
 */
public final class Backend implements AutoCloseable {
    private static final String DEFAULT_REGION = "us-east-1";

    private final CliEnv env;
    private DynamoDbClient client;
    private DeploymentStore store;
    private EventPublisher publisher;
    private AutoCloseable closePublisher;
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
            AwsEndpoint where = c.external() ? endpoint(c, c.dynamoDbEndpoint())
                    : AwsEndpoint.at(URI.create(runtime().dynamoDbEndpoint()));
            client = AwsClients.build(DynamoDbClient.builder(), where);
            store = DynamoDbDeploymentStore.builder().client(client)
                    .tableName(c.table().orElse(DynamoDbDeploymentStore.DEFAULT_TABLE)).build();
        }
        return store;
    }

    /** SQS when an SQS key is set, else Kafka: the configured broker in external mode, else the local runtime's. */
    public synchronized EventPublisher publisher() {
        if (publisher == null) {
            CliConfig c = config();
            EventPublisher target;
            if (c.sqs()) {
                SqsPublisher sqs = SqsPublisher.connect(endpoint(c, c.sqsEndpoint()), QueueNames.of(c.sqsQueuePrefix()));
                closePublisher = sqs;
                target = sqs;
            } else {
                KafkaPublisher kafka = new KafkaPublisher(KafkaPublisher.Settings.of(kafkaBootstrap(c), "cloudrig-cli")
                        .withAttempts(1));
                closePublisher = kafka;
                target = kafka;
            }
            publisher = event -> {
                try {
                    target.publish(event);
                } catch (CloudrigException e) {
                    throw failure(e, c);
                }
            };
        }
        return publisher;
    }

    /** A publishing failure as the user reads it: what failed, where, and for a missing queue which settings to check. */
    private static CliFailure failure(CloudrigException e, CliConfig c) {
        if (e instanceof QueueNotFoundException) {
            return new CliFailure(e.getMessage() + ": check CLOUDRIG_SQS_QUEUE_PREFIX (sqs.queue_prefix, now '"
                    + c.sqsQueuePrefix() + "') against terraform's name_prefix, and CLOUDRIG_REGION / "
                    + "CLOUDRIG_SQS_ENDPOINT", e);
        }
        return new CliFailure(e.getMessage(), e);
    }

    private String kafkaBootstrap(CliConfig c) {
        if (!c.external()) {
            return runtime().kafkaBootstrap();
        }
        return c.kafkaBootstrap().orElseThrow(() -> new CliFailure("external mode: no Kafka or SQS configured; set "
                + "CLOUDRIG_KAFKA_BOOTSTRAP (kafka.bootstrap) or CLOUDRIG_SQS_QUEUE_PREFIX (sqs.queue_prefix) in the "
                + "environment or " + env.home().resolve(CliConfig.FILE)));
    }

    /** The configured region (default us-east-1) and endpoint, if any; a loopback endpoint gets dummy credentials. */
    private static AwsEndpoint endpoint(CliConfig c, Optional<String> endpoint) {
        return AwsEndpoint.of(Optional.of(c.region().orElse(DEFAULT_REGION)), endpoint);
    }

    @Override
    public void close() {
        if (closePublisher != null) {
            try {
                closePublisher.close();
            } catch (Exception e) {
                env.err().println("cloudrig: closing the publisher: " + e.getMessage());
            }
        }
        if (client != null) {
            client.close();
        }
    }
}
