package io.cloudrig.lambda;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.infra.ElasticMq;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real servers behind every test in this module: DynamoDB Local and ElasticMQ with the function queues, <b>one of
 * each per test JVM</b>, stopped at JVM exit. Quarkus loads test classes again in a new class loader for every test
 * profile, so static fields would not survive a restart: the first start records the addresses in system properties
 * and later starts reuse them.
 */
public class CloudrigInfra implements QuarkusTestResourceLifecycleManager {
    /** As terraform/main.tf makes them: a queue per function, one for outcome events, each with its "-dlq". */
    public static final List<String> QUEUES = List.of("cloudrig-createServers", "cloudrig-deployEngine",
            "cloudrig-cleanup", "cloudrig-events", "cloudrig-createServers-dlq", "cloudrig-deployEngine-dlq",
            "cloudrig-cleanup-dlq", "cloudrig-events-dlq");
    private static final String DYNAMODB = "cloudrigtest.dynamodb";
    private static final String SQS = "cloudrigtest.sqs";
    private static final String TABLE = "cloudrigtest.table";

    /** Starts the servers unless an earlier Quarkus start in this JVM did. */
    static void ensureStarted() {
        synchronized (System.class) {
            if (System.getProperty(SQS) != null) {
                return;
            }
            DynamoDbLocal ddb = DynamoDbLocal.inMemory();
            ElasticMq sqs = ElasticMq.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ddb.close();
                sqs.close();
            }, "cloudrig-test-infra-stop"));
            System.setProperty(DYNAMODB, ddb.endpoint().toString());
            System.setProperty(TABLE, "functions-lambda-" + UUID.randomUUID());
            try (SqsClient client = AwsClients.build(SqsClient.builder(), AwsEndpoint.at(sqs.endpoint()))) {
                QUEUES.forEach(q -> client.createQueue(b -> b.queueName(q)));
            }
            System.setProperty(SQS, sqs.endpoint().toString());
        }
    }

    /** A new client for the shared ElasticMQ (close it). */
    public static SqsClient sqsClient() {
        return AwsClients.build(SqsClient.builder(), AwsEndpoint.at(URI.create(System.getProperty(SQS))));
    }

    @Override
    public Map<String, String> start() {
        ensureStarted();
        return Map.of("cloudrig.dynamodb.endpoint", System.getProperty(DYNAMODB),
                "cloudrig.dynamodb.table", System.getProperty(TABLE),
                "cloudrig.sqs.endpoint", System.getProperty(SQS));
    }

    @Override
    public void stop() {
        // shared by every Quarkus start in this JVM; stopped by the shutdown hook
    }
}
