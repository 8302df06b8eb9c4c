package io.cloudrig.embedded;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;

/**
 * The embedded runtime assembles three things in one JVM: DynamoDB Local on disk ({@code home/dynamodb}), a Kafka
 * KRaft broker on disk ({@code home/kafka}) and a {@link KafkaFunctionRunner} (the delivery module's Kafka consumer
 * loop) running the deployment functions against them: the same service, delivery policy and event contracts as the
 * Quarkus app on Kafka.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final DynamoDbLocal ddb;
    private final KafkaBroker broker;
    private final DynamoDbClient client;
    private final KafkaFunctionRunner runner;

    private LocalRuntime(DynamoDbLocal ddb, KafkaBroker broker, DynamoDbClient client, KafkaFunctionRunner runner) {
        this.ddb = ddb;
        this.broker = broker;
        this.client = client;
        this.runner = runner;
    }

    /** Starts everything under {@code home}; on failure, stops what already started. */
    public static LocalRuntime start(Path home) {
        DynamoDbLocal ddb = null;
        KafkaBroker broker = null;
        DynamoDbClient client = null;
        try {
            ddb = DynamoDbLocal.onDisk(home.resolve("dynamodb"));
            LOG.info("DynamoDB Local on {} (data in {})", ddb.endpoint(), ddb.dataDir());
            broker = KafkaBroker.start(home.resolve("kafka"));
            broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
            LOG.info("Kafka broker on {} (data in {})", broker.bootstrapServers(), broker.dataDir());
            client = AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.at(ddb.endpoint()));
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client)
                    .tableName(DynamoDbDeploymentStore.DEFAULT_TABLE).createTableIfMissing(true).build();
            PluginRegistry registry = PluginRegistry.load();
            LOG.info("engines {}; providers {}", registry.engineNames(), registry.providerNames());
            DeploymentOrchestrator functions = new DeploymentOrchestrator(store, registry,
                    FunctionSettings.builder().instanceId("local-" + ProcessHandle.current().pid()).build());
            KafkaFunctionRunner runner = KafkaFunctionRunner.builder().functions(functions)
                    .bootstrapServers(broker.bootstrapServers()).build().start();
            return new LocalRuntime(ddb, broker, client, runner);
        } catch (RuntimeException e) {
            closeQuietly(client);
            closeQuietly(broker);
            closeQuietly(ddb);
            throw e;
        }
    }

    public String dynamoDbEndpoint() {
        return ddb.endpoint().toString();
    }

    public String kafkaBootstrap() {
        return broker.bootstrapServers();
    }


    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /** Stops the runner first (no new work), then the broker, then DynamoDB Local. */
    @Override
    public void close() {
        closeQuietly(runner);
        closeQuietly(client);
        closeQuietly(broker);
        closeQuietly(ddb);
    }
}
