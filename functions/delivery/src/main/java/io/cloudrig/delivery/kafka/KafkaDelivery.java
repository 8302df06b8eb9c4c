package io.cloudrig.delivery.kafka;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.EventDelivery;
import io.cloudrig.delivery.Failures;
import io.cloudrig.delivery.Received;
import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers records of {@value io.cloudrig.model.events.DeploymentEvents#TOPIC} to the functions
 * ({@link DeploymentOrchestrator#handle}) by the {@link EventDelivery} policy, publishing outcomes and dead letters
 * with one {@link KafkaPublisher} (a record in the CloudEvents binary content mode is read too: {@link CloudEventRecords}),
 * and reports each function call and each record to a {@link DeliveryObserver}.
 * What every Kafka consumer of cloudrig shares ({@link KafkaFunctionRunner}: the embedded runtime and the service):
 * it only turns {@link #deliver}'s answer into an offset commit. Thread-safe.
 */
public final class KafkaDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);

    private final DeploymentOrchestrator functions;
    private final KafkaPublisher publisher;
    private final EventDelivery delivery;
    private final DeliveryObserver observer;

    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy) {
        this(functions, publisher, policy, DeliveryObserver.NONE);
    }

    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy,
            DeliveryObserver observer) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.delivery = new EventDelivery(publisher, policy);
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public KafkaPublisher publisher() {
        return publisher;
    }

    /**
     * Handles one record: runs its function and publishes the outcome, or dead-letters it with its reason.
     *
     * @return true when the record is done with (its offset may be committed); false when it must be delivered again
     * (this worker is stopping, or the dead-letter topic could not be written)
     */
    public boolean deliver(ConsumerRecord<String, byte[]> record) {
        Received received = new Received(CloudEventRecords.structuredValue(record), record.key(),
                record.topic() + "-" + record.partition() + "@" + record.offset());
        AtomicReference<EventType> type = new AtomicReference<>();
        DeliveryResult result = delivery.deliver(received, event -> timed(event, type));
        if (type.get() == null && result instanceof DeliveryResult.Skipped) {
            type.set(((DeliveryResult.Skipped) result).type());
        }
        if (result instanceof DeliveryResult.DeadLettered) {
            try {
                publisher.deadLetter(received, (DeliveryResult.DeadLettered) result);
            } catch (CloudrigException e) {
                LOG.warn("{}: could not write the dead letter, delivering it again: {}", received.origin(), e.getMessage());
                observer.recordEnded(Optional.ofNullable(type.get()), new DeliveryResult.Retry(e.code(), e.getMessage()));
                return false;
            }
        }
        observer.recordEnded(Optional.ofNullable(type.get()), result);
        return result.done();
    }

    private List<CloudEvent> timed(CloudEvent event, AtomicReference<EventType> seen) {
        EventType type = DeploymentEvents.type(event);
        seen.set(type);
        long start = System.nanoTime();
        try {
            List<CloudEvent> out = functions.handle(event);
            observer.stepEnded(type, Duration.ofNanos(System.nanoTime() - start), Optional.empty());
            return out;
        } catch (RuntimeException e) {
            observer.stepEnded(type, Duration.ofNanos(System.nanoTime() - start), Optional.of(Failures.codeOf(e)));
            throw e;
        }
    }
}
