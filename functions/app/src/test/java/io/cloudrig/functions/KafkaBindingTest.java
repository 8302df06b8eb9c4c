package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.Await;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    @Inject
    DeploymentStore store;

    @BeforeAll
    static void clients() {
        producer = new KafkaPublisher(KafkaPublisher.Settings.of(CloudrigInfra.bootstrapServers(), "test"));
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

    private static String reasonHeader(ConsumerRecord<String, String> r) {
        Header h = r.headers().lastHeader(KafkaPublisher.REASON_HEADER);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
