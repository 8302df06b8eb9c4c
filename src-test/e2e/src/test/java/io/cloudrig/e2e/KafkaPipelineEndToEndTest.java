package io.cloudrig.e2e;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.testkit.Await;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.cloudrig.e2e.KafkaFixture.has;
import static io.cloudrig.e2e.KafkaFixture.statuses;
import static io.cloudrig.e2e.KafkaFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment request through the real Kafka broker (KRaft, in this JVM), the real store (DynamoDB Local) and the
 * real ExistingCloud engine, driven by the same function runner the embedded runtime uses.
 */
class KafkaPipelineEndToEndTest {
    private static final String PASSWORD = "e2e-Admin-Pass-5521";
    private static KafkaFixture kafka;
    private static DynamoDbDeploymentStore store;
    private static KafkaFunctionRunner runner;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        store = TestStores.newStore();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(), FunctionSettings.defaults());
        runner = KafkaFunctionRunner.builder().functions(functions).bootstrapServers(kafka.bootstrapServers())
                .groupId("e2e-" + UUID.randomUUID()).build().start();
    }

    @AfterAll
    static void stop() {
        runner.close();
        kafka.close();
    }

    private static String config() {
        return "{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{\"auth_url\":\"http://127.0.0.1:5000/v3/\","
                + "\"region_name\":\"RegionOne\",\"admin\":{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\","
                + "\"user_domain_name\":\"Default\",\"project_name\":\"admin\",\"project_domain_name\":\"Default\"}}}}";
    }

    @Test
    void request_thenDestroy_throughKafka_walksEveryStatusAndEventInOrder() throws Exception {
        Deployment d = store.create(Deployment.newDeployment("e2e-flow", config()));
        assertThat(d.status().value()).isEqualTo("deploy->init");
        kafka.send(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e"));
        List<CloudEvent> deployed = kafka.eventsOf(d.id(), has("finished"));
        assertThat(types(deployed)).containsExactly("requested", "servers_created", "finished");
        assertThat(statuses(deployed)).containsExactly("deploy->init", "deploy->started", "deploy->finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status().value()).isEqualTo("deploy->finished");
        assertThat(finished.credentials().forPlatform("openstack").get(0).admin().username()).isEqualTo("admin");

        kafka.send(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished, "/e2e"));
        List<CloudEvent> all = kafka.eventsOf(d.id(), has("destroyed"));
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
            kafka.send(req);
        }
        List<CloudEvent> events = kafka.eventsOf(d.id(),
                ev -> has("finished").test(ev) && has(3, "requested").test(ev));
        // re-deliveries re-emit the recorded outcome with the same ids: the distinct events are those of one delivery
        List<String> distinct = events.stream().filter(e -> !DeploymentEvents.type(e).equals(EventType.DEPLOYMENT_REQUESTED))
                .map(CloudEvent::getId).distinct().collect(Collectors.toList());
        assertThat(distinct).hasSize(2);
        assertThat(store.get(d.id()).orElseThrow().status().value()).isEqualTo("deploy->finished");
    }

    @Test
    void poisonEvent_goesToTheDeadLetterTopicWithItsReason_andDoesNotBlockTheNext() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        kafka.send("{not a cloud event".getBytes(StandardCharsets.UTF_8), key);
        Deployment d = store.create(Deployment.newDeployment("e2e-after-poison", config()));
        kafka.send(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/e2e"));
        assertThat(types(kafka.eventsOf(d.id(), has("finished")))).contains("finished");

        String reason;
        try (KafkaConsumer<String, byte[]> c = kafka.observer(DeploymentEvents.DEAD_LETTER_TOPIC)) {
            reason = Await.until("the dead letter keyed " + key, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        Header h = r.headers().lastHeader(KafkaPublisher.REASON_HEADER);
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not a cloud event");
                        return Optional.of(h == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                    }
                }
                return Optional.empty();
            });
        }
        assertThat(reason).contains("unparseable");
    }
}
