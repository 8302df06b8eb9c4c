package io.cloudrig.e2e;

import io.cloudevents.CloudEvent;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.delivery.kafka.KafkaPublisher;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.testkit.Await;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real KRaft broker in this JVM with the deployment topics, a producer to put events on them, and readers that
 * watch a deployment's events from the start of the topic, as the end-to-end tests observe the pipeline.
 */
final class KafkaFixture implements AutoCloseable {
    private final KafkaBroker broker;
    private final KafkaPublisher producer;

    private KafkaFixture(KafkaBroker broker) {
        this.broker = broker;
        this.producer = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "e2e"));
    }

    /** Starts a broker on a temp dir and creates {@link DeploymentEvents#TOPIC} and its dead-letter topic. */
    static KafkaFixture start() {
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(Files.createTempDirectory("cloudrig-e2e-kafka"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
        return new KafkaFixture(broker);
    }

    KafkaBroker broker() {
        return broker;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Puts raw bytes on the deployment topic under {@code key} and waits for the broker's ack. */
    void send(byte[] value, String key) {
        producer.send(DeploymentEvents.TOPIC, key, value);
    }

    /** Puts an event on the deployment topic, keyed by its deployment, and waits for the broker's ack. */
    void send(CloudEvent e) {
        producer.publish(e);
    }

    /** A consumer in a new group that reads {@code topic} from its start (close it). */
    KafkaConsumer<String, byte[]> observer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "observer-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /**
     * Reads the deployment topic from the start until {@code done} holds for the events of {@code deploymentId}, and
     * returns them in topic order; fails after 60 s, naming those seen.
     */
    List<CloudEvent> eventsOf(String deploymentId, Predicate<List<CloudEvent>> done) {
        List<CloudEvent> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = observer(DeploymentEvents.TOPIC)) {
            Await.until("the events awaited of " + deploymentId, Duration.ofSeconds(60), () -> {
                if (!done.test(seen)) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (deploymentId.equals(r.key())) {
                            seen.add(DeploymentEvents.parse(r.value()));
                        }
                    }
                }
                return done.test(seen);
            }, () -> "seen " + types(seen));
        }
        return seen;
    }

    /**
     * Reads the deployment topic from the start until {@code done} holds for the events that answer the request
     * {@code requestId} ({@link DeploymentEvents#requestOf}: the outcomes of a self-contained request, whose deployment
     * id its publisher does not know), and returns them in topic order; fails after 60 s, naming those seen.
     */
    List<CloudEvent> answersTo(String requestId, Predicate<List<CloudEvent>> done) {
        List<CloudEvent> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = observer(DeploymentEvents.TOPIC)) {
            Await.until("the answers awaited to request " + requestId, Duration.ofSeconds(60), () -> {
                if (!done.test(seen)) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        CloudEvent e = DeploymentEvents.parse(r.value());
                        if (!e.getId().equals(requestId) && requestId.equals(DeploymentEvents.requestOf(e))) {
                            seen.add(e);
                        }
                    }
                }
                return done.test(seen);
            }, () -> "seen " + types(seen));
        }
        return seen;
    }

    /** Event types without the common prefix: {@code requested}, {@code servers_created}, ... */
    static List<String> types(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType().substring(EventType.PREFIX.length())).collect(Collectors.toList());
    }

    /** The deployment status each event carries. */
    static List<String> statuses(List<CloudEvent> events) {
        return events.stream().map(e -> DeploymentEvents.data(e).status()).collect(Collectors.toList());
    }

    /** Done once an event of {@code type} (without prefix) was seen. */
    static Predicate<List<CloudEvent>> has(String type) {
        return events -> types(events).contains(type);
    }

    /** Done once {@code count} events of {@code type} (without prefix) were seen. */
    static Predicate<List<CloudEvent>> has(int count, String type) {
        return events -> types(events).stream().filter(type::equals).count() >= count;
    }

    @Override
    public void close() {
        producer.close();
        broker.close();
    }
}
