package io.cloudrig.cli;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes deployment events to {@link DeploymentEvents#TOPIC}, keyed by deployment id (the event's subject) so one
 * deployment's events stay in one partition, in order. Each send waits for the broker's ack.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;

    public KafkaEventPublisher(String bootstrapServers) {
        this.bootstrap = bootstrapServers;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cloudrig-cli");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(CloudEvent event) {
        send(DeploymentEvents.TOPIC, event.getSubject(), DeploymentEvents.serialize(event));
    }

    /** Sends and waits for the ack. */
    public void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(45, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while publishing to Kafka at " + bootstrap);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliFailure("cannot publish to Kafka at " + bootstrap + ": " + c.getClass().getSimpleName()
                    + (c.getMessage() != null ? ": " + c.getMessage() : ""), e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CliFailure("cannot publish to Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
