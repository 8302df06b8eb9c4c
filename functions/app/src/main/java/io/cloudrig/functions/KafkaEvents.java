package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes to Kafka: outcome events to {@value DeploymentEvents#TOPIC} and poison records to
 * {@value DeploymentEvents#DEAD_LETTER_TOPIC}, keyed by deployment id, waiting for the broker's acknowledgement
 * (at least once). Call from worker threads only.
 */
@ApplicationScoped
public class KafkaEvents {
    /** Kafka header carrying the dead-letter reason (also inside the event as an extension when it parsed). */
    public static final String REASON_HEADER = DeploymentEvents.DEAD_REASON_HEADER;

    @Inject
    @Channel("deployments-out")
    Emitter<String> out;

    @Inject
    @Channel("deployments-dlq")
    Emitter<String> dlq;

    @Inject
    CloudrigConfig config;

    public void publish(CloudEvent event) {
        send(out, event.getSubject(), DeploymentEvents.toJson(event), null);
    }

    /** A poison event that parsed: the event with its reason as extension and header. */
    public void deadLetter(CloudEvent event, String reason) {
        send(dlq, event.getSubject(), DeploymentEvents.toJson(DeploymentEvents.withDeadLetterReason(event, reason)), reason);
    }

    /** A poison record that is not one of our events: its value as it came, the reason in a header. */
    public void deadLetterRaw(String key, String value, String reason) {
        send(dlq, key, value, reason);
    }

    private void send(Emitter<String> emitter, String key, String value, String reason) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (reason != null) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
            meta.withHeaders(headers);
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(value, Metadata.of(meta.build()), () -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            acked.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        try {
            acked.get(config.kafka().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the record for " + key + ": " + e, e);
        }
    }
}
