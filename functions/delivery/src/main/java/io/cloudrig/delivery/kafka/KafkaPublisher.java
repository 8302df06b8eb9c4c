package io.cloudrig.delivery.kafka;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.Received;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one Kafka publisher: deployment events to {@value DeploymentEvents#TOPIC} keyed by deployment id (the subject), so
 * one deployment's events stay in one partition, in order; dead letters to {@value DeploymentEvents#DEAD_LETTER_TOPIC}
 * with their reason in the {@value #REASON_HEADER} header.
 *
 * <p>Every event goes in the <b>structured content mode of the CloudEvents Kafka protocol binding</b> (1.0): the value
 * is the event in the JSON event format and the header {@value #CONTENT_TYPE_HEADER} is
 * {@value #STRUCTURED_CONTENT_TYPE}, so any CloudEvents SDK's Kafka deserializer reads it (a dead letter that is not an
 * event goes as it came, without that header). Each send waits for the broker's acknowledgement
 * ({@code acks=all}, idempotent producer); a send that fails with what Kafka calls retriable (broker unreachable, leader
 * moving) or that is not acknowledged in time is sent again, up to {@link Settings#attempts()}. A send that still fails
 * is a {@link CloudrigException} naming the topic and the brokers: {@link ErrorCode#UNREACHABLE} for the retriable
 * kind, {@link ErrorCode#AUTH_FAILED}, else {@link ErrorCode#INTERNAL}. Thread-safe.
 */
public final class KafkaPublisher implements EventPublisher, AutoCloseable {
    /** The Kafka header carrying the dead-letter reason (also inside the event as an extension, when it parsed). */
    public static final String REASON_HEADER = DeploymentEvents.DEAD_REASON_HEADER;
    /** The CloudEvents Kafka binding's header naming the content mode's media type. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** The media type of a structured-mode record in the JSON event format. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    /**
     * Where and how to publish.
     *
     * @param bootstrapServers the brokers, {@code host:port,...}
     * @param clientId         the producer's client id, for the broker's logs and metrics
     * @param attempts         sends of one record before giving up, at least 1
     * @param ackTimeout       how long one send waits for the acknowledgement
     * @param client           TLS/SASL and other client properties (cloudrig's own producer settings win)
     */
    public record Settings(String bootstrapServers, String clientId, int attempts, Duration ackTimeout,
            KafkaClientProperties client) {
        /** The default ack wait, in the form {@code @WithDefault} and {@link Duration#parse} (after "PT") take. */
        public static final String DEFAULT_ACK_TIMEOUT = "45S";
        public static final int DEFAULT_ATTEMPTS = 3;

        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(ackTimeout, "ackTimeout");
            Objects.requireNonNull(client, "client");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts: expected at least 1 but was " + attempts);
            }
        }

        public Settings(String bootstrapServers, String clientId, int attempts, Duration ackTimeout) {
            this(bootstrapServers, clientId, attempts, ackTimeout, KafkaClientProperties.NONE);
        }

        public static Settings of(String bootstrapServers, String clientId) {
            return new Settings(bootstrapServers, clientId, DEFAULT_ATTEMPTS, Duration.parse("PT" + DEFAULT_ACK_TIMEOUT));
        }

        public Settings withAttempts(int v) {
            return new Settings(bootstrapServers, clientId, v, ackTimeout, client);
        }

        public Settings withAckTimeout(Duration v) {
            return new Settings(bootstrapServers, clientId, attempts, v, client);
        }

        public Settings withClientProperties(KafkaClientProperties v) {
            return new Settings(bootstrapServers, clientId, attempts, ackTimeout, v);
        }

        /** The producer's configuration: every producer of cloudrig is configured here. */
        Properties producerConfig() {
            Properties p = new Properties();
            client.applyToProducer(p); // TLS/SASL; what follows is cloudrig's own and wins
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            // a broker that is down fails a send within these, rather than the defaults' minutes (waiting for the
            // topic's metadata blocks the caller: never longer than the ack wait)
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(15_000, ackTimeout.toMillis())));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            return p;
        }
    }

    private final Settings settings;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaPublisher(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.producer = new KafkaProducer<>(settings.producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    public Settings settings() {
        return settings;
    }

    /** Sends {@code event} to {@value DeploymentEvents#TOPIC} in structured mode, keyed by its deployment. */
    @Override
    public void publish(CloudEvent event) {
        send(structured(DeploymentEvents.TOPIC, event));
    }

    /** A record of the CloudEvents Kafka binding's structured mode: JSON event format, content-type header. */
    private static ProducerRecord<String, byte[]> structured(String topic, CloudEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.getSubject(), DeploymentEvents.serialize(event));
        record.headers().add(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Starts sending {@code event} like {@link #publish}; {@link Acknowledgement#await()} waits for the broker's
     * acknowledgement and, when the send failed, sends again as {@link #publish} does. Records of one deployment keep
     * their order (one partition, idempotent producer).
     */
    @Override
    public Acknowledgement publishPending(CloudEvent event) {
        ProducerRecord<String, byte[]> record = structured(DeploymentEvents.TOPIC, event);
        Future<RecordMetadata> sending;
        try {
            sending = producer.send(record);
        } catch (KafkaException e) {
            sending = null; // sent again, and its failure reported, when the acknowledgement is awaited
        }
        Future<RecordMetadata> first = sending;
        return () -> send(record, first);
    }

    /** Sends {@code value} as it is to {@code topic} under {@code key} and waits for the acknowledgement. */
    public void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /**
     * Sends a dead letter: an event that parsed goes with its reason as extension and header, keyed by its deployment;
     * a record that is not one of our events goes as it came, under its key, with the reason in the header.
     */
    public void deadLetter(Received received, DeliveryResult.DeadLettered dead) {
        ProducerRecord<String, byte[]> record = dead.event()
                .map(e -> structured(DeploymentEvents.DEAD_LETTER_TOPIC, DeploymentEvents.withDeadLetterReason(e, dead.reason())))
                .orElseGet(() -> new ProducerRecord<>(DeploymentEvents.DEAD_LETTER_TOPIC, received.key(), received.body()));
        record.headers().add(REASON_HEADER, dead.reason().getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        send(record, null);
    }

    /** Waits for {@code sending} (the first attempt, or null: none yet), sending again while it may help. */
    private void send(ProducerRecord<String, byte[]> record, Future<RecordMetadata> sending) {
        for (int attempt = 1; ; attempt++) {
            Throwable failure;
            try {
                (sending != null ? sending : producer.send(record)).get(settings.ackTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while publishing to Kafka topic "
                        + record.topic() + " at " + settings.bootstrapServers());
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException | KafkaException e) {
                failure = e;
            }
            sending = null;
            ErrorCode code = codeOf(failure);
            if (code != ErrorCode.UNREACHABLE || attempt >= settings.attempts()) {
                throw new CloudrigException(code, "cannot publish to Kafka topic " + record.topic() + " at "
                        + settings.bootstrapServers() + (attempt > 1 ? " after " + attempt + " attempts" : "") + ": "
                        + failure.getClass().getSimpleName() + (failure.getMessage() != null ? ": "
                        + failure.getMessage() : ""), failure);
            }
            LOG.warn("publishing to {} failed (attempt {} of {}), retrying: {}", record.topic(), attempt,
                    settings.attempts(), failure.toString());
            pause(Duration.ofMillis(500L * attempt), record.topic());
        }
    }

    /** Kafka's own failures carry no secret: they name brokers, topics and timeouts, never a record's value. */
    private static ErrorCode codeOf(Throwable failure) {
        if (failure instanceof RetriableException || failure instanceof TimeoutException) {
            return ErrorCode.UNREACHABLE;
        }
        if (failure instanceof AuthenticationException || failure instanceof AuthorizationException) {
            return ErrorCode.AUTH_FAILED;
        }
        return ErrorCode.INTERNAL;
    }

    private void pause(Duration d, String topic) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while publishing to Kafka topic " + topic
                    + " at " + settings.bootstrapServers());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
