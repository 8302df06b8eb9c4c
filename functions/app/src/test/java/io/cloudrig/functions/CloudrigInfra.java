package io.cloudrig.functions;

import io.cloudrig.infra.ElasticMq;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.testing.TestStores;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real servers behind every test in this module, one of each per test JVM (started on first use, stopped at JVM
 * exit, so Quarkus restarts between test profiles reuse them): a KRaft Kafka broker, DynamoDB Local (the shared-model
 * {@link TestStores} one) and ElasticMQ with the function queues.
 */
public class CloudrigInfra implements QuarkusTestResourceLifecycleManager {
    public static final String TABLE = "functions-app-" + UUID.randomUUID();
    public static final List<String> QUEUES = List.of("cloudrig-createServers", "cloudrig-deployEngine",
            "cloudrig-cleanup", "cloudrig-events", "cloudrig-dlq");
    private static KafkaBroker kafka;
    private static ElasticMq sqs;
    private static SqsClient sqsClient;

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            try {
                kafka = KafkaBroker.start(Files.createTempDirectory("cloudrig-app-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kafka.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-stop"));
        }
        return kafka;
    }

    public static synchronized ElasticMq elasticMq() {
        if (sqs == null) {
            sqs = ElasticMq.start();
            sqsClient = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            QUEUES.forEach(q -> sqsClient.createQueue(b -> b.queueName(q)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sqsClient.close();
                sqs.close();
            }, "elasticmq-stop"));
        }
        return sqs;
    }

    public static synchronized SqsClient sqsClient() {
        elasticMq();
        return sqsClient;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", kafka().bootstrapServers(),
                "cloudrig.dynamodb.endpoint", TestStores.dynamoDbLocal().endpoint().toString(),
                "cloudrig.dynamodb.table", TABLE,
                "cloudrig.sqs.endpoint", elasticMq().endpoint().toString());
    }

    @Override
    public void stop() {
        // shared by every Quarkus start in this JVM; stopped by the shutdown hooks
    }
}
