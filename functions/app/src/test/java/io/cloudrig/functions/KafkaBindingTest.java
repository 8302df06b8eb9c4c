package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.TestPlugins;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka binding against a real KRaft broker: requests produced to {@value DeploymentEvents#TOPIC} run through the
 * functions, whose outcomes come back on the same topic keyed by deployment id; poison goes to the DLQ topic.
 */
@QuarkusTest
@QuarkusTestResource(CloudrigInfra.class)
class KafkaBindingTest {
    private static KafkaPublisher producer;
    private static int partitions;

    @Inject
    DeploymentStore store;

    @BeforeAll
    static void clients() {
        producer = new KafkaPublisher(KafkaPublisher.Settings.of(CloudrigInfra.bootstrapServers(), "test"));
        try (KafkaConsumer<String, String> c = consumer(DeploymentEvents.TOPIC)) {
            partitions = c.partitionsFor(DeploymentEvents.TOPIC).size();
        }
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CloudrigInfra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private static void produce(String topic, String key, String value) {
        producer.send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls until a record matches {@code until}; returns every record seen that matches {@code filter}, in order. */
    private static List<ConsumerRecord<String, String>> readUntil(KafkaConsumer<String, String> c,
            Predicate<ConsumerRecord<String, String>> filter, Predicate<ConsumerRecord<String, String>> until) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        return Await.until("a matching record", Duration.ofSeconds(45), () -> {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                if (filter.test(r)) {
                    seen.add(r);
                    if (until.test(r)) {
                        return Optional.of(seen);
                    }
                }
            }
            return Optional.empty();
        }, () -> "saw " + types(seen));
    }

    private static List<String> types(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> DeploymentEvents.parse(r.value()).getType()
                .substring(EventType.PREFIX.length())).collect(Collectors.toList());
    }

    private static List<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> DeploymentEvents.parse(r.value()).getId()).collect(Collectors.toList());
    }

    private static Predicate<ConsumerRecord<String, String>> about(Deployment d) {
        return r -> d.id().equals(r.key());
    }

    private static Predicate<ConsumerRecord<String, String>> ofType(EventType t) {
        return r -> DeploymentEvents.parse(r.value()).getType().equals(t.type());
    }

    @Test
    void a_request_on_the_topic_runs_to_finished_and_a_destroy_request_to_destroyed_in_order() throws Exception {
        Deployment d = Fixtures.newDeployment(store, "kafka");
        try (KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            produce(DeploymentEvents.TOPIC, d.id(), Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)));

            List<ConsumerRecord<String, String>> deploy = readUntil(topic, about(d), ofType(EventType.DEPLOYMENT_FINISHED));
            assertThat(types(deploy)).containsExactly("requested", "servers_created", "finished");
            assertThat(deploy).allSatisfy(r -> assertThat(r.partition()).isEqualTo(deploy.get(0).partition()));
            assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
            assertThat(store.listResources(d.id())).hasSize(2);

            produce(DeploymentEvents.TOPIC, d.id(),
                    Fixtures.json(Fixtures.request(EventType.DESTROY_REQUESTED, store.get(d.id()).orElseThrow())));
            List<ConsumerRecord<String, String>> destroy = readUntil(topic, about(d), ofType(EventType.DEPLOYMENT_DESTROYED));
            assertThat(types(destroy)).containsExactly("destroy_requested", "destroyed");
            assertThat(store.get(d.id())).isEmpty();
            assertThat(store.listResources(d.id())).isEmpty();
        }
    }

    @Test
    void poison_records_go_to_the_dead_letter_topic_with_their_reason_and_the_next_record_is_still_processed()
            throws Exception {
        Deployment ghost = Deployment.newDeployment("ghost", Fixtures.CONFIG); // never stored
        Deployment d = Fixtures.newDeployment(store, "kafka-after-poison");
        try (KafkaConsumer<String, String> dlq = consumer(DeploymentEvents.DEAD_LETTER_TOPIC);
             KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            // same key, so same partition: the two poison records sit right in front of d's request
            produce(DeploymentEvents.TOPIC, d.id(), "this is not a CloudEvent");
            produce(DeploymentEvents.TOPIC, d.id(), Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, ghost)));
            produce(DeploymentEvents.TOPIC, d.id(), Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d)));

            List<ConsumerRecord<String, String>> after = readUntil(topic,
                    r -> about(d).test(r) && r.value().startsWith("{") && r.value().contains(d.id()),
                    ofType(EventType.DEPLOYMENT_FINISHED));
            assertThat(types(after)).containsExactly("requested", "servers_created", "finished");

            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            readUntil(dlq, r -> d.id().equals(r.key()) || ghost.id().equals(r.key()), r -> {
                dead.add(r);
                return dead.size() == 2;
            });
            ConsumerRecord<String, String> garbage = dead.stream().filter(r -> d.id().equals(r.key())).findFirst().orElseThrow();
            ConsumerRecord<String, String> unknown = dead.stream().filter(r -> ghost.id().equals(r.key())).findFirst().orElseThrow();
            assertThat(garbage.value()).isEqualTo("this is not a CloudEvent");
            assertThat(reasonHeader(garbage)).startsWith("unparseable");
            CloudEvent ghostEvent = DeploymentEvents.parse(unknown.value());
            assertThat(DeploymentEvents.deadLetterReason(ghostEvent)).contains("unknown deployment").contains(ghost.id());
            assertThat(reasonHeader(unknown)).isEqualTo(DeploymentEvents.deadLetterReason(ghostEvent));
        }
    }

    @Test
    void a_replayed_request_emits_the_same_event_ids_again_and_creates_no_second_server() throws Exception {
        Deployment d = Fixtures.newDeployment(store, "kafka-replay");
        String request = Fixtures.json(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d));
        try (KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            produce(DeploymentEvents.TOPIC, d.id(), request);
            List<String> first = ids(readUntil(topic, about(d), ofType(EventType.DEPLOYMENT_FINISHED)));
            produce(DeploymentEvents.TOPIC, d.id(), request); // at-least-once: the same record delivered again

            List<ConsumerRecord<String, String>> replay = new ArrayList<>();
            readUntil(topic, about(d), r -> {
                replay.add(r);
                return replay.stream().filter(ofType(EventType.DEPLOYMENT_FINISHED)).count() == 1;
            });
            assertThat(types(replay)).containsExactly("requested", "servers_created", "finished");
            assertThat(ids(replay)).as("the same events again, same ids").isEqualTo(first);
            assertThat(store.listResources(d.id())).hasSize(2);
            assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        }
    }

    @Test
    void the_sweeper_fails_a_deployment_whose_function_died_and_publishes_failed() {
        Deployment d = Fixtures.newDeployment(store, "kafka-stuck");
        store.transition(d.id(), DeploymentStatus.DEPLOY_INIT, DeploymentStatus.DEPLOY_STARTED,
                DeploymentStore.Change.builder().lease("a-worker-that-died", Instant.now().minusSeconds(60)));
        try (KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            List<ConsumerRecord<String, String>> seen = readUntil(topic, about(d), ofType(EventType.DEPLOYMENT_FAILED));
            assertThat(types(seen)).containsExactly("failed");
        }
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorMessage()).contains("a-worker-that-died");
    }

    @Test
    void a_long_deployment_does_not_delay_another_deployments_deploy_and_destroy_on_the_same_partition() {
        String slowConfig = "{\"type\":\"TestOnlyEngine\",\"amount\":1,\"provider\":{\"type\":\"TestOnlyProvider\","
                + "\"pause_after\":1}}";
        Deployment slow = Fixtures.newDeployment(store, "kafka-slow", slowConfig);
        String quickId = idOnPartitionOf(slow.id());
        Deployment quick = store.create(Deployment.newDeployment("kafka-quick-" + quickId.substring(0, 8), Fixtures.CONFIG)
                .toBuilder().id(quickId).build());
        TestPlugins.Gate held = TestPlugins.gate(slow.id());
        try (KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            producer.publish(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, slow));
            Await.until("the slow deployment's createServers is held", Duration.ofSeconds(30), () -> held.reached.getCount() == 0);

            producer.publish(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, quick));
            readUntil(topic, about(quick), ofType(EventType.DEPLOYMENT_FINISHED));
            producer.publish(Fixtures.request(EventType.DESTROY_REQUESTED, store.get(quick.id()).orElseThrow()));
            List<ConsumerRecord<String, String>> destroyed = readUntil(topic, about(quick), ofType(EventType.DEPLOYMENT_DESTROYED));

            assertThat(destroyed).allSatisfy(r -> assertThat(r.partition()).isEqualTo(partitionOf(slow.id())));
            assertThat(store.get(quick.id())).isEmpty();
            assertThat(store.get(slow.id()).orElseThrow().status()).as("the slow one is still in its createServers step")
                    .isEqualTo(DeploymentStatus.DEPLOY_STARTED);
        } finally {
            held.release.countDown();
        }
        Await.until("the slow deployment finished once released", Duration.ofSeconds(30),
                () -> store.get(slow.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
    }

    @Test
    void the_records_follow_the_cloudevents_kafka_binding_and_the_sdks_own_deserializer_reads_them() {
        Deployment d = Fixtures.newDeployment(store, "kafka-binding");
        CloudEvent request = Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d);
        List<CloudEvent> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> topic = bytesConsumer(DeploymentEvents.TOPIC);
             CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            producer.publish(request);
            Await.until("finished of " + d.id() + " read by the SDK", Duration.ofSeconds(45), () -> {
                for (ConsumerRecord<String, byte[]> r : topic.poll(Duration.ofMillis(200))) {
                    if (d.id().equals(r.key())) {
                        assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                                .isEqualTo("application/cloudevents+json; charset=UTF-8");
                        CloudEvent e = sdk.deserialize(r.topic(), r.headers(), r.value());
                        assertThat(e).as("what our own parser reads").isEqualTo(DeploymentEvents.parse(r.value()));
                        read.add(e);
                    }
                }
                return read.stream().anyMatch(e -> e.getType().equals(EventType.DEPLOYMENT_FINISHED.type()));
            });
        }
        CloudEvent back = read.get(0);
        assertThat(List.of(back.getId(), back.getSource(), back.getType(), back.getSubject(), back.getTime(),
                back.getDataContentType(), back.getExtensionNames())).as("the request, as it was published")
                .isEqualTo(List.of(request.getId(), request.getSource(), request.getType(), request.getSubject(),
                        request.getTime(), request.getDataContentType(), request.getExtensionNames()));
        assertThat(Json.parse(new String(back.getData().toBytes(), StandardCharsets.UTF_8), "data"))
                .isEqualTo(Json.parse(new String(request.getData().toBytes(), StandardCharsets.UTF_8), "data"));
        assertThat(read).extracting(CloudEvent::getType).containsExactly(EventType.DEPLOYMENT_REQUESTED.type(),
                EventType.SERVERS_CREATED.type(), EventType.DEPLOYMENT_FINISHED.type());
        assertThat(read).allSatisfy(e -> assertThat(e.getSubject()).isEqualTo(d.id()));
    }

    @Test
    void a_request_in_binary_content_mode_as_the_sdks_serializer_writes_it_runs_to_finished() throws Exception {
        Deployment d = Fixtures.newDeployment(store, "kafka-binary");
        CloudEventSerializer binary = new CloudEventSerializer();
        binary.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
        try (KafkaProducer<String, CloudEvent> sdk = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CloudrigInfra.bootstrapServers()), new StringSerializer(), binary)) {
            ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(DeploymentEvents.TOPIC, d.id(),
                    Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d));
            sdk.send(record).get(30, TimeUnit.SECONDS);
            assertThat(record.headers().lastHeader("ce_id")).as("binary mode: attributes in ce_* headers").isNotNull();
        }
        Await.until("the binary-mode request ran to finished", Duration.ofSeconds(45),
                () -> store.get(d.id()).orElseThrow().status() == DeploymentStatus.DEPLOY_FINISHED);
    }

    @Test
    void the_metrics_endpoint_shows_the_counters_moving_after_a_deployment() {
        String before = metrics();
        Deployment d = Fixtures.newDeployment(store, "kafka-metrics");
        try (KafkaConsumer<String, String> topic = consumer(DeploymentEvents.TOPIC)) {
            producer.publish(Fixtures.request(EventType.DEPLOYMENT_REQUESTED, d));
            readUntil(topic, about(d), ofType(EventType.DEPLOYMENT_FINISHED));
        }
        // the finished record itself is counted (skipped) a moment after it was published
        Await.until("the finished record counted", Duration.ofSeconds(15), () -> sum(metrics(),
                "cloudrig_events_handled_total", "type=\"finished\"") > sum(before, "cloudrig_events_handled_total", "type=\"finished\""));
        String after = metrics();

        assertThat(sum(after, "cloudrig_events_handled_total", "type=\"requested\"", "result=\"delivered\""))
                .isGreaterThan(sum(before, "cloudrig_events_handled_total", "type=\"requested\"", "result=\"delivered\""));
        assertThat(sum(after, "cloudrig_events_handled_total", "type=\"servers_created\""))
                .isGreaterThan(sum(before, "cloudrig_events_handled_total", "type=\"servers_created\""));
        assertThat(sum(after, "cloudrig_step_duration_seconds_count", "step=\"createServers\"", "outcome=\"ok\""))
                .isGreaterThan(sum(before, "cloudrig_step_duration_seconds_count", "step=\"createServers\"", "outcome=\"ok\""));
        assertThat(sum(after, "cloudrig_step_duration_seconds_count", "step=\"deployEngine\""))
                .isGreaterThan(sum(before, "cloudrig_step_duration_seconds_count", "step=\"deployEngine\""));
        assertThat(after).contains("cloudrig_leases_active").contains("cloudrig_events_in_flight");
    }

    private static String metrics() {
        return HttpFunctionsTest.anonymous().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels} (Prometheus text). */
    private static double sum(String text, String name, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static KafkaConsumer<String, byte[]> bytesConsumer(String topic) {
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CloudrigInfra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** A new deployment id whose records go to the same partition as {@code id}'s (Kafka's default partitioner). */
    private static String idOnPartitionOf(String id) {
        while (true) {
            String candidate = UUID.randomUUID().toString();
            if (partitionOf(candidate) == partitionOf(id)) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String reasonHeader(ConsumerRecord<String, String> r) {
        Header h = r.headers().lastHeader(KafkaPublisher.REASON_HEADER);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
