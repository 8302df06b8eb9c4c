package io.cloudrig.delivery.kafka;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner and the Kafka publisher on a real broker: poison goes to the dead-letter topic with its reason and blocks
 * nothing behind it; a broker that does not answer is an {@link ErrorCode#UNREACHABLE} failure naming topic and brokers.
 */
class KafkaFunctionRunnerTest {
    private static final String CONFIG = "{\"type\":\"" + TestPlugins.ENGINE + "\",\"auth_url\":\"u\",\"admin_password\":\"p\"}";
    private static KafkaBroker broker;
    private static DeploymentStore store;
    private static KafkaFunctionRunner runner;
    /** What the runner's observer was told: function calls and ended records, by event type. */
    private static final Map<EventType, List<Duration>> STEPS = new ConcurrentHashMap<>();
    private static final Map<EventType, List<DeliveryResult>> RECORDS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        broker = KafkaBroker.start(Files.createTempDirectory("cloudrig-delivery-kafka"));
        broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
        store = TestStores.newStore();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, TestPlugins.registry(),
                FunctionSettings.builder().instanceId("runner-test").build());
        runner = KafkaFunctionRunner.builder().functions(functions).bootstrapServers(broker.bootstrapServers())
                .groupId("runner-test-" + UUID.randomUUID()).observer(new DeliveryObserver() {
                    @Override
                    public void stepEnded(EventType type, Duration took, Optional<ErrorCode> failure) {
                        STEPS.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(took);
                    }

                    @Override
                    public void recordEnded(Optional<EventType> type, DeliveryResult result) {
                        type.ifPresent(t -> RECORDS.computeIfAbsent(t, k -> new CopyOnWriteArrayList<>()).add(result));
                    }
                }).build().start();
    }

    @AfterAll
    static void stop() {
        runner.close();
        broker.close();
    }

    @Test
    void poisonEvents_goToTheDeadLetterTopicWithReason_andTheNextEventIsStillHandled() {
        String ghostId = UUID.randomUUID().toString();
        Deployment ghost = Deployment.newDeployment("ghost-" + ghostId.substring(0, 8), CONFIG).toBuilder().id(ghostId)
                .build();
        Deployment real = store.create(Deployment.newDeployment("after-poison-" + UUID.randomUUID().toString()
                .substring(0, 8), CONFIG));
        try (KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "test"))) {
            // same key as the real one, so all three share a partition: the poison comes first
            pub.send(DeploymentEvents.TOPIC, real.id(), "not a cloud event".getBytes(StandardCharsets.UTF_8));
            CloudEvent unknown = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, ghost, "/test");
            pub.send(DeploymentEvents.TOPIC, real.id(), DeploymentEvents.serialize(unknown));
            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, real, "/test"));
        }
        Await.until("the deployment behind the poison finished", Duration.ofSeconds(60),
                () -> store.get(real.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);

        // a dead letter that is not an event keeps its record's key; one that parsed is keyed by its deployment
        Map<String, String> reasons = deadLetters(Set.of(real.id(), ghostId), 2);
        assertThat(reasons.values()).anySatisfy(r -> assertThat(r).startsWith("unparseable"));
        assertThat(reasons.values()).anySatisfy(r -> assertThat(r).contains("unknown deployment").contains(ghostId));
    }

    @Test
    void aLongDeployment_doesNotDelayAnotherDeploymentsDeployAndDestroy_onTheSamePartition() {
        String slowConfig = "{\"type\":\"" + TestPlugins.ENGINE + "\",\"amount\":1,\"provider\":{\"type\":\""
                + TestPlugins.PROVIDER + "\",\"pause_after\":1}}";
        Deployment slow = store.create(Deployment.newDeployment("slow-" + UUID.randomUUID().toString().substring(0, 8),
                slowConfig));
        String quickId = idOnPartitionOf(slow.id());
        Deployment quick = store.create(Deployment.newDeployment("quick-" + quickId.substring(0, 8), CONFIG).toBuilder()
                .id(quickId).build());
        TestPlugins.Gate held = TestPlugins.gate(slow.id());
        try (KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "test"))) {
            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, slow, "/test"));
            Await.until("the slow deployment's createServers is held", Duration.ofSeconds(30), () -> held.reached.getCount() == 0);

            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, quick, "/test"));
            Await.until("the quick deployment finished", Duration.ofSeconds(30),
                    () -> store.get(quick.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
            pub.publish(DeploymentEvents.request(EventType.DESTROY_REQUESTED, store.get(quick.id()).orElseThrow(), "/test"));
            Await.until("the quick deployment destroyed", Duration.ofSeconds(30), () -> store.get(quick.id()).isEmpty());

            assertThat(store.get(slow.id()).orElseThrow().status()).as("the slow one is still in its createServers step")
                    .isEqualTo(DeploymentStatus.DEPLOY_STARTED);
            assertThat(runner.handling()).as("the slow record is in hand").isGreaterThanOrEqualTo(1);
        } finally {
            held.release.countDown();
        }
        Await.until("the slow deployment finished once released", Duration.ofSeconds(30),
                () -> store.get(slow.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
    }

    @Test
    void serversCreated_isHandledRightAfterCreateServersInProcess_andItsCopyFromTheTopicRunsNoFunctionAgain() {
        Deployment d = store.create(Deployment.newDeployment("in-process-" + UUID.randomUUID().toString().substring(0, 8),
                CONFIG));
        // what other tests sent is done with (a step reports after its last store write), so the counts are this one's
        Await.until("the runner is idle", Duration.ofSeconds(30), () -> runner.handling() == 0 && runner.unfinished() == 0);
        int stepsBefore = count(STEPS, EventType.SERVERS_CREATED);
        int recordsBefore = count(RECORDS, EventType.SERVERS_CREATED);
        try (KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "test"))) {
            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"));
        }
        Await.until("the deployment finished", Duration.ofSeconds(60),
                () -> store.get(d.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
        Await.until("the copy of servers created on the topic reached the runner", Duration.ofSeconds(30),
                () -> count(RECORDS, EventType.SERVERS_CREATED) > recordsBefore);

        assertThat(eventTypesOnTopic(d.id(), 3)).as("every event is published, once, in order").containsExactly(
                EventType.DEPLOYMENT_REQUESTED, EventType.SERVERS_CREATED, EventType.DEPLOYMENT_FINISHED);
        assertThat(count(STEPS, EventType.SERVERS_CREATED) - stepsBefore).as("deployEngine ran once").isEqualTo(1);
        assertThat(RECORDS.get(EventType.SERVERS_CREATED).get(recordsBefore)).as("the copy emitted nothing again")
                .isEqualTo(new DeliveryResult.Delivered(List.of()));
    }

    private static int count(Map<EventType, ? extends List<?>> seen, EventType type) {
        List<?> l = seen.get(type);
        return l == null ? 0 : l.size();
    }

    /** The types of the first {@code expected} events keyed {@code key} on the deployments topic, in order. */
    private static List<EventType> eventTypesOnTopic(String key, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<EventType> types = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(DeploymentEvents.TOPIC));
            Await.until(expected + " events keyed " + key, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        types.add(DeploymentEvents.type(DeploymentEvents.parse(r.value())));
                    }
                }
                return types.size() >= expected;
            });
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) { // nothing more comes for it
                if (key.equals(r.key())) {
                    types.add(DeploymentEvents.type(DeploymentEvents.parse(r.value())));
                }
            }
        }
        return types;
    }

    /** A new deployment id whose records go to the same partition as {@code id}'s (Kafka's default partitioner). */
    private static String idOnPartitionOf(String id) {
        int partitions = broker.numPartitions();
        while (true) {
            String candidate = UUID.randomUUID().toString();
            if (partitionOf(candidate, partitions) == partitionOf(id, partitions)) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void publish_whenNoBrokerAnswers_failsUnreachableNamingTopicAndBrokers() {
        String nowhere = "127.0.0.1:" + io.cloudrig.infra.Ports.free();
        try (KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(nowhere, "test").withAttempts(1)
                .withAckTimeout(Duration.ofSeconds(1)))) {
            Deployment d = Deployment.newDeployment("nowhere", CONFIG);
            assertThatThrownBy(() -> pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")))
                    .isInstanceOfSatisfying(CloudrigException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREACHABLE))
                    .hasMessageStartingWith("cannot publish to Kafka topic " + DeploymentEvents.TOPIC + " at " + nowhere);
        }
    }

    @Test
    void aRecordWhoseEmittedEventIsNeverAcknowledged_isLeftForRedelivery_andTheObserverIsToldSo() {
        String nowhere = "127.0.0.1:" + io.cloudrig.infra.Ports.free();
        Deployment d = store.create(Deployment.newDeployment("no-ack-" + UUID.randomUUID().toString().substring(0, 8),
                CONFIG));
        List<DeliveryResult> ended = new CopyOnWriteArrayList<>();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, TestPlugins.registry(),
                FunctionSettings.builder().instanceId("no-ack-test").build());
        try (KafkaPublisher pub = new KafkaPublisher(KafkaPublisher.Settings.of(nowhere, "test").withAttempts(1)
                .withAckTimeout(Duration.ofSeconds(1)))) {
            KafkaDelivery delivery = new KafkaDelivery(functions, pub, RetryPolicy.inProcess(1, Duration.ofMillis(10)),
                    new DeliveryObserver() {
                        @Override
                        public void stepEnded(EventType type, Duration took, Optional<ErrorCode> failure) {
                        }

                        @Override
                        public void recordEnded(Optional<EventType> type, DeliveryResult result) {
                            ended.add(result);
                        }
                    }, true);
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(DeploymentEvents.TOPIC, 0, 7L, d.id(),
                    DeploymentEvents.serialize(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test")));

            assertThat(delivery.deliver(record)).as("not done with: its offset is not committed").isFalse();
        }
        assertThat(ended).singleElement().isInstanceOfSatisfying(DeliveryResult.Retry.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.UNREACHABLE));
        assertThat(store.get(d.id()).orElseThrow().status())
                .as("deployEngine ran in process while servers created was unacknowledged; its finished event is owed too")
                .isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
    }

    /** Reasons of the dead letters keyed by one of {@code keys}, by header, {@code expected} of them. */
    private static Map<String, String> deadLetters(Set<String> keys, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(DeploymentEvents.DEAD_LETTER_TOPIC));
            Await.until(expected + " dead letters keyed " + keys, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (keys.contains(r.key())) {
                        Header h = r.headers().lastHeader(KafkaPublisher.REASON_HEADER);
                        String reason = h != null ? new String(h.value(), StandardCharsets.UTF_8)
                                : DeploymentEvents.deadLetterReason(DeploymentEvents.parse(r.value()));
                        reasons.put(r.topic() + "-" + r.partition() + "@" + r.offset(), reason);
                    }
                }
                return reasons.size() >= expected ? Optional.of(reasons) : Optional.empty();
            }, () -> "seen " + reasons);
        }
        assertThat(reasons).hasSize(expected);
        return reasons;
    }
}
