package io.cloudrig.e2e;

import io.cloudevents.CloudEvent;
import io.cloudrig.cli.runtime.KafkaFunctionRunner;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.testing.TestStores;
import io.cloudrig.service.DeploymentFunctions;
import io.cloudrig.service.FunctionSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment request through the real Kafka broker (KRaft, in this JVM), the real store (DynamoDB Local) and the
 * real ExistingCloud engine, driven by the same function runner the embedded runtime uses.
 */
class KafkaPipelineEndToEndTest {
    private static final String PASSWORD = "e2e-Admin-Pass-5521";
    private static KafkaBroker broker;
    private static DynamoDbDeploymentStore store;
    private static KafkaFunctionRunner runner;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("cloudrig-e2e-kafka"));
        broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
        store = TestStores.newStore();
        DeploymentFunctions functions = new DeploymentFunctions(store, PluginRegistry.load(), FunctionSettings.defaults());
        runner = KafkaFunctionRunner.builder().functions(functions).bootstrapServers(broker.bootstrapServers())
                .groupId("e2e-" + UUID.randomUUID()).build().start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        runner.close();
        broker.close();
    }

    private static String config() {
        return "{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{\"auth_url\":\"http://127.0.0.1:5000/v3/\","
                + "\"region_name\":\"RegionOne\",\"admin\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\","
                + "\"user_domain_name\":\"Default\",\"project_name\":\"admin\",\"project_domain_name\":\"Default\"}}}}";
    }

    private static void send(byte[] value, String key) throws Exception {
        producer.send(new ProducerRecord<>(DeploymentEvents.TOPIC, key, value)).get();
    }

    private static void send(CloudEvent e) throws Exception {
        send(DeploymentEvents.serialize(e), e.getSubject());
    }

    /** Reads the topic from the start until {@code done} holds for the events of {@code deploymentId}. */
    private static List<CloudEvent> eventsOf(String topic, String deploymentId, Predicate<List<CloudEvent>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "observer-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<CloudEvent> seen = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline) && !done.test(seen)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (deploymentId.equals(r.key())) {
                        seen.add(DeploymentEvents.parse(r.value()));
                    }
                }
            }
        }
        return seen;
    }

    private static List<String> types(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType().substring(EventType.PREFIX.length())).collect(Collectors.toList());
    }

    private static List<String> statuses(List<CloudEvent> events) {
        return events.stream().map(e -> DeploymentEvents.data(e).status()).collect(Collectors.toList());
    }

    private static Predicate<List<CloudEvent>> has(String type) {
        return events -> types(events).contains(type);
    }

    @Test
    void request_thenDestroy_throughKafka_walksEveryStatusAndEventInOrder() throws Exception {
        Deployment d = store.create(Deployment.newDeployment("e2e-flow", config()));
        assertThat(d.status().value()).isEqualTo("deploy->init");
        send(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e"));
        List<CloudEvent> deployed = eventsOf(DeploymentEvents.TOPIC, d.id(), has("finished"));
        assertThat(types(deployed)).containsExactly("requested", "servers_created", "finished");
        assertThat(statuses(deployed)).containsExactly("deploy->init", "deploy->started", "deploy->finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status().value()).isEqualTo("deploy->finished");
        assertThat(finished.credentials().forPlatform("openstack").get(0).admin().username()).isEqualTo("admin");

        send(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished, "/e2e"));
        List<CloudEvent> all = eventsOf(DeploymentEvents.TOPIC, d.id(), has("destroyed"));
        assertThat(types(all)).containsExactly("requested", "servers_created", "finished", "destroy_requested", "destroyed");
        assertThat(statuses(all)).containsExactly("deploy->init", "deploy->started", "deploy->finished",
                "deploy->finished", "cleanup->finished");
        assertThat(store.get(d.id())).isEmpty();
        for (CloudEvent e : all) {
            assertThat(DeploymentEvents.toJson(e)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void everyEventDeliveredThreeTimes_givesTheSameStateAndEventsAsOnce() throws Exception {
        Deployment d = store.create(Deployment.newDeployment("e2e-thrice", config()));
        CloudEvent req = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e");
        for (int i = 0; i < 3; i++) {
            send(req);
        }
        List<CloudEvent> events = eventsOf(DeploymentEvents.TOPIC, d.id(),
                ev -> types(ev).stream().filter("finished"::equals).count() >= 1
                        && types(ev).stream().filter("requested"::equals).count() == 3);
        // re-deliveries re-emit the recorded outcome with the same ids: the distinct events are those of one delivery
        List<String> distinct = events.stream().filter(e -> !DeploymentEvents.type(e).equals(EventType.DEPLOYMENT_REQUESTED))
                .map(CloudEvent::getId).distinct().collect(Collectors.toList());
        assertThat(distinct).hasSize(2);
        assertThat(store.get(d.id()).orElseThrow().status().value()).isEqualTo("deploy->finished");
    }

    @Test
    void poisonEvent_goesToTheDeadLetterTopicWithItsReason_andDoesNotBlockTheNext() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        send("{not a cloud event".getBytes(StandardCharsets.UTF_8), key);
        Deployment d = store.create(Deployment.newDeployment("e2e-after-poison", config()));
        send(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e"));
        assertThat(types(eventsOf(DeploymentEvents.TOPIC, d.id(), has("finished")))).contains("finished");

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String reason = null;
        Instant deadline = Instant.now().plusSeconds(30);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(DeploymentEvents.DEAD_LETTER_TOPIC));
            while (reason == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        Header h = r.headers().lastHeader(KafkaFunctionRunner.DEAD_REASON_HEADER);
                        reason = h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not a cloud event");
                    }
                }
            }
        }
        assertThat(reason).contains("unparseable");
    }
}
