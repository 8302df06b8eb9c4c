package io.cloudrig.cli.testing;

import io.cloudrig.testkit.Await;
import io.cloudevents.CloudEvent;
import io.cloudrig.cli.CliEnv;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsFunctionHandler;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.delivery.sqs.SqsRecord;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;


/**
 * The Lambda deployment's side of external mode, for in-process CLI tests: one ElasticMQ and one store table (DynamoDB
 * Local) per test JVM, and per instance a queue prefix of its own, so that tests never see each other's messages. With
 * {@link #withQueues()} the queues terraform creates exist ({@code <prefix>createServers}, {@code -deployEngine},
 * {@code -cleanup}, {@code -events}); {@link #startFunctions()} feeds them to {@link DeploymentOrchestrator} the way the
 * Lambdas' event source mappings do. Every message received through this class is kept for {@link NoSecretLeaks}, which
 * also drains whatever is left on any queue.
 */
public final class SqsRig implements ExternalRig {
    private static final Duration RECEIVE_DEADLINE = Duration.ofSeconds(30);
    private static final List<Map.Entry<String, String>> SEEN = new CopyOnWriteArrayList<>();
    private static ElasticMq mq;
    private static SqsClient sqs;
    private static DynamoDbDeploymentStore store;

    private final String prefix;

    private SqsRig(String prefix) {
        this.prefix = prefix;
    }

    private static synchronized void startOnce() {
        if (mq == null) {
            mq = ElasticMq.start();
            sqs = client();
            store = TestStores.newStore();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sqs.close();
                mq.close();
            }, "sqs-rig-stop"));
            NoSecretLeaks.scanPublished(SqsRig::seenAndLeft);
        }
    }

    /** A new prefix with the four queues of the terraform deployment created. */
    public static SqsRig withQueues() {
        SqsRig rig = withoutQueues();
        for (EventType.Function f : EventType.Function.values()) {
            sqs.createQueue(b -> b.queueName(rig.queue(f)));
        }
        sqs.createQueue(b -> b.queueName(rig.eventsQueue()));
        return rig;
    }

    /** A new prefix with no queue created. */
    public static SqsRig withoutQueues() {
        startOnce();
        return new SqsRig("t" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    /** A client of the ElasticMQ (the caller closes it). */
    public static SqsClient client() {
        return AwsClients.build(SqsClient.builder(), AwsEndpoint.at(mq.endpoint()));
    }

    public String prefix() {
        return prefix;
    }

    public String endpoint() {
        return mq.endpoint().toString();
    }

    public String queue(EventType.Function f) {
        return SqsQueues.functionQueue(prefix, f);
    }

    public String eventsQueue() {
        return prefix + SqsQueues.DEFAULT_EVENTS_QUEUE;
    }

    @Override
    public DynamoDbDeploymentStore store() {
        return store;
    }

    @Override
    public Map<String, String> env(Path home) {
        return Map.of(CliEnv.HOME_VARIABLE, home.toString(),
                "CLOUDRIG_DYNAMODB_ENDPOINT", TestStores.dynamoDbLocal().endpoint().toString(),
                "CLOUDRIG_DYNAMODB_TABLE", store.tableName(),
                "CLOUDRIG_SECRETS_KEY_FILE", TestStores.masterKeyFile().toString(),
                "CLOUDRIG_SQS_ENDPOINT", endpoint(),
                "CLOUDRIG_SQS_QUEUE_PREFIX", prefix);
    }

    /**
     * Receives (and deletes) messages from {@code queue} until {@code done} holds for all received so far, within 30 s.
     *
     * @return every message received, with all its attributes, oldest first
     */
    public List<Message> receiveUntil(String queue, Predicate<List<Message>> done) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<Message> got = new ArrayList<>();
        Await.until("received from " + queue, RECEIVE_DEADLINE, () -> {
            if (!done.test(got)) {
                got.addAll(receiveAndDelete(url, 1));
            }
            return done.test(got);
        }, () -> "received " + got);
        return got;
    }

    /**
     * What is on {@code queue} now: received and deleted, without waiting. Everything this class receives is deleted
     * at once, so nothing it left in flight can hide from this.
     */
    public List<Message> receiveNow(String queue) {
        return receiveAndDelete(sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl(), 0);
    }

    private static List<Message> receiveAndDelete(String url, int waitSeconds) {
        return receiveAndDelete(sqs, url, waitSeconds);
    }

    private static List<Message> receiveAndDelete(SqsClient client, String url, int waitSeconds) {
        List<Message> got = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All"))
                .messages();
        for (Message m : got) {
            SEEN.add(new SimpleEntry<>("message " + m.messageId() + " on " + url, text(m)));
            client.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return got;
    }

    private static String text(Message m) {
        StringBuilder sb = new StringBuilder();
        m.messageAttributes().forEach((k, v) -> sb.append(k).append('=').append(v.stringValue()).append('\n'));
        m.attributesAsStrings().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.append(NoSecretLeaks.withDecodedEvent(m.body().getBytes(StandardCharsets.UTF_8))).toString();
    }

    /** Every message received so far plus everything still on any queue (drained). */
    private static List<Map.Entry<String, String>> seenAndLeft() {
        for (String url : sqs.listQueues().queueUrls()) {
            while (!receiveAndDelete(url, 0).isEmpty()) {
                // drained into SEEN
            }
        }
        return List.copyOf(SEEN);
    }

    /**
     * Feeds the three function queues to {@link DeploymentOrchestrator#handle} (on this rig's store, with the plugins on
     * the class path) through the Lambdas' {@link SqsFunctionHandler}, which publishes what it returns with the shared
     * {@link SqsPublisher}, so by {@link SqsQueues}: a stand-in for the Lambdas and their event source mappings.
     */
    public Functions startFunctions() {
        return new Functions();
    }

    /** The running function loop: one thread per function queue, each long-polling it. */
    public final class Functions implements AutoCloseable {
        private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
                FunctionSettings.builder().instanceId("sqs-rig").build());
        private final SqsPublisher publisher = new SqsPublisher(client(), QueueNames.of(prefix), AwsEndpoint.at(mq.endpoint()));
        private final SqsFunctionHandler handler = new SqsFunctionHandler(publisher, publisher);
        /** (deployment id, {@code function: type}) per event handled. */
        private final List<Map.Entry<String, String>> handled = new CopyOnWriteArrayList<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final List<Thread> threads;
        private volatile boolean running = true;

        private Functions() {
            threads = Stream.of(EventType.Function.values()).map(f -> {
                Thread t = new Thread(() -> poll(f), "sqs-rig-" + f.functionName());
                t.setDaemon(true);
                t.start();
                return t;
            }).collect(Collectors.toList());
        }

        private void poll(EventType.Function f) {
            try (SqsClient client = client()) {
                String url = client.getQueueUrl(b -> b.queueName(queue(f))).queueUrl();
                while (running) {
                    for (Message m : receiveAndDelete(client, url, 1)) {
                        CloudEvent event = DeploymentEvents.parse(m.body());
                        handled.add(new SimpleEntry<>(event.getSubject(), f.functionName() + ": "
                                + event.getType().substring(EventType.PREFIX.length())));
                        handler.handle(new SqsRecord(m.messageId(), m.body(), null, null), f, functions::handle);
                    }
                }
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        }

        /** What was handled for {@code deploymentId}, in order: {@code function: type}. */
        public List<String> handled(String deploymentId) {
            return handled.stream().filter(h -> h.getKey().equals(deploymentId)).map(Map.Entry::getValue)
                    .collect(Collectors.toList());
        }

        public List<Throwable> failures() {
            return List.copyOf(failures);
        }

        /** Stops polling and waits for the message in hand. */
        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(15).toMillis());
            }
            publisher.close();
        }
    }
}
