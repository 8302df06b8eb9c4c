package io.cloudrig.embedded;

import io.cloudevents.CloudEvent;
import io.cloudrig.cli.KafkaEventPublisher;
import io.cloudrig.cli.testing.CliRig;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner on a real broker: poison goes to the dead-letter topic with its reason and blocks nothing behind it. */
class KafkaFunctionRunnerTest {

    @Test
    void poisonEvents_goToTheDeadLetterTopicWithReason_andTheNextEventIsStillHandled() throws Exception {
        CliRig rig = CliRig.get();
        String garbageKey = "garbage-" + UUID.randomUUID();
        String ghostId = UUID.randomUUID().toString();
        Deployment ghost = Deployment.newDeployment("ghost-" + ghostId.substring(0, 8),
                "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\",\"admin_password\":\"p\"}").toBuilder().id(ghostId).build();
        Deployment real = rig.store().create(Deployment.newDeployment("after-poison-" + UUID.randomUUID().toString()
                .substring(0, 8), "{\"type\":\"TestOnlyEngine\",\"auth_url\":\"u\",\"admin_password\":\"p\"}"));
        try (KafkaEventPublisher pub = new KafkaEventPublisher(rig.broker().bootstrapServers())) {
            // same key as the real one, so all three share a partition: the poison comes first
            pub.send(DeploymentEvents.TOPIC, real.id(), "not a cloud event".getBytes(StandardCharsets.UTF_8));
            CloudEvent unknown = DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, ghost, "/test");
            pub.send(DeploymentEvents.TOPIC, real.id(), DeploymentEvents.serialize(unknown));
            pub.publish(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, real, "/test"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (rig.store().get(real.id()).orElseThrow().status() != DeploymentStatus.DEPLOY_FINISHED) {
            assertThat(System.nanoTime()).as("deployment behind the poison finished").isLessThan(deadline);
            Thread.sleep(100);
        }
        Map<String, String> reasons = deadLetters(real.id(), 2);
        assertThat(reasons.values()).anySatisfy(r -> assertThat(r).startsWith("unparseable"));
        assertThat(reasons.values()).anySatisfy(r -> assertThat(r).contains("unknown deployment").contains(ghostId));
    }

    /** Reasons of the dead letters keyed {@code key}: raw ones by header, CloudEvents by extension. */
    private static Map<String, String> deadLetters(String key, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CliRig.get().broker().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(DeploymentEvents.DEAD_LETTER_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!key.equals(r.key())) {
                        continue;
                    }
                    Header h = r.headers().lastHeader(KafkaFunctionRunner.DEAD_REASON_HEADER);
                    String reason = h != null ? new String(h.value(), StandardCharsets.UTF_8)
                            : DeploymentEvents.deadLetterReason(DeploymentEvents.parse(r.value()));
                    reasons.put(r.topic() + "@" + r.offset(), reason);
                }
            }
        }
        assertThat(reasons).hasSize(expected);
        return reasons;
    }
}
