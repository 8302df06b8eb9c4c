package io.cloudrig.functions;

import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.events.DeploymentEvents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real servers behind every test in this module: a KRaft Kafka broker, DynamoDB Local and ElasticMQ with the
 * function queues, <b>one of each per test JVM</b>, stopped at JVM exit. Quarkus loads test classes again in a new
 * class loader for every test profile, so static fields would not survive a restart: the first start records the
 * addresses in system properties and later starts reuse them.
 *
 * <p>A test whose profile is {@link ServiceDefaultsTest.ServiceDefaults} gets a Kafka broker of its own instead (it
 * stops it), injected into its {@link OwnBroker} field and stopped when that Quarkus start ends.
 */
public class CloudrigInfra implements QuarkusTestResourceLifecycleManager {
    /** As terraform/main.tf makes them: a queue per function, one for outcome events, each with its "-dlq". */
    public static final List<String> QUEUES = List.of("cloudrig-createServers", "cloudrig-deployEngine",
            "cloudrig-cleanup", "cloudrig-events", "cloudrig-createServers-dlq", "cloudrig-deployEngine-dlq",
            "cloudrig-cleanup-dlq", "cloudrig-events-dlq");
    private static final String KAFKA = "cloudrigtest.kafka";
    private static final String DYNAMODB = "cloudrigtest.dynamodb";
    private static final String SQS = "cloudrigtest.sqs";
    private static final String TABLE = "cloudrigtest.table";

    /** Marks the test field that gets the broker of its own ({@link KafkaBroker}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface OwnBroker {
    }

    private String profile;
    private KafkaBroker ownBroker;

    /** Starts the servers unless an earlier Quarkus start in this JVM did. */
    static void ensureStarted() {
        synchronized (System.class) {
            if (System.getProperty(KAFKA) != null) {
                return;
            }
            KafkaBroker kafka;
            try {
                kafka = KafkaBroker.start(Files.createTempDirectory("cloudrig-app-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kafka.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
            DynamoDbLocal ddb = DynamoDbLocal.inMemory();
            ElasticMq sqs = ElasticMq.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                ddb.close();
                sqs.close();
            }, "cloudrig-test-infra-stop"));
            System.setProperty(DYNAMODB, ddb.endpoint().toString());
            System.setProperty(SQS, sqs.endpoint().toString());
            System.setProperty(TABLE, "functions-app-" + UUID.randomUUID());
            try (SqsClient client = sqsClient()) {
                QUEUES.forEach(q -> client.createQueue(b -> b.queueName(q)));
            }
            System.setProperty(KAFKA, kafka.bootstrapServers());
        }
    }

    public static String bootstrapServers() {
        ensureStarted();
        return System.getProperty(KAFKA);
    }

    /** A new client for the shared ElasticMQ (close it). */
    public static SqsClient sqsClient() {
        return AwsClients.build(SqsClient.builder(), AwsEndpoint.at(URI.create(System.getProperty(SQS))));
    }

    @Override
    public void setContext(Context context) {
        this.profile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        ensureStarted();
        String kafka = System.getProperty(KAFKA);
        if (ServiceDefaultsTest.ServiceDefaults.class.getName().equals(profile)) {
            try {
                ownBroker = KafkaBroker.start(Files.createTempDirectory("cloudrig-app-own-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            kafka = ownBroker.bootstrapServers();
        }
        return Map.of("kafka.bootstrap.servers", kafka,
                "cloudrig.dynamodb.endpoint", System.getProperty(DYNAMODB),
                "cloudrig.dynamodb.table", System.getProperty(TABLE),
                "cloudrig.sqs.endpoint", System.getProperty(SQS));
    }

    @Override
    public void inject(TestInjector injector) {
        if (ownBroker != null) {
            injector.injectIntoFields(ownBroker, new TestInjector.AnnotatedAndMatchesType(OwnBroker.class, KafkaBroker.class));
        }
    }

    @Override
    public void stop() {
        // the shared servers are used by every Quarkus start in this JVM and stopped by the shutdown hook
        if (ownBroker != null) {
            ownBroker.close();
            ownBroker = null;
        }
    }
}
