package io.cloudrig.delivery.kafka;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.delivery.EventDelivery;
import io.cloudrig.delivery.Failures;
import io.cloudrig.delivery.Received;
import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
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
    /** Follow-ups handed on in process one after the other, at most (a recreate: cleanup, then createServers, ...). */
    private static final int MAX_IN_PROCESS_HOPS = 4;

    private final DeploymentOrchestrator functions;
    private final KafkaPublisher publisher;
    private final EventDelivery delivery;
    private final DeliveryObserver observer;
    /** The follow-up events handled in process, whose copies on the topic are done with; null: none is (the default). */
    private final FollowUps followUps;

    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy) {
        this(functions, publisher, policy, DeliveryObserver.NONE);
    }

    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy,
            DeliveryObserver observer) {
        this(functions, publisher, policy, observer, false);
    }

    /**
     * @param inProcessFollowUps whether an event a function emits about the same deployment (servers created after
     *                           createServers) is handled right away in this process, in the same lane, after it is
     *                           published: only for a consumer that keeps one deployment's records in one lane
     *                           ({@link KeyedConsumer})
     */
    public KafkaDelivery(DeploymentOrchestrator functions, KafkaPublisher publisher, RetryPolicy policy,
            DeliveryObserver observer, boolean inProcessFollowUps) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.delivery = new EventDelivery(publisher, policy);
        this.observer = Objects.requireNonNull(observer, "observer");
        this.followUps = inProcessFollowUps ? new FollowUps() : null;
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
        if (followUps == null) {
            return ended(received, type, delivery.deliver(received, event -> timed(event, type, true)), true);
        }
        // the events it emits are acknowledged while its follow-up is handled here, and awaited before it is done with
        List<EventPublisher.Acknowledgement> pending = new ArrayList<>();
        DeliveryResult result = delivery.deliver(received, event -> timed(event, type, true), pending::add);
        if (result instanceof DeliveryResult.Delivered delivered) {
            handOnInProcess(received, delivered.events(), 1);
            result = acknowledged(received, pending, result);
        }
        return ended(received, type, result, true);
    }

    /**
     * {@code result} once every event in {@code pending} was acknowledged; a redelivery when one was not (the
     * function repeats its recorded outcome with the same event ids, and the follow-up its own).
     */
    private static DeliveryResult acknowledged(Received received, List<EventPublisher.Acknowledgement> pending,
            DeliveryResult result) {
        for (EventPublisher.Acknowledgement a : pending) {
            try {
                a.await();
            } catch (CloudrigException e) {
                LOG.warn("{}: an event it emitted was not acknowledged, delivering it again: {}", received.origin(),
                        e.getMessage());
                return new DeliveryResult.Retry(e.code(), e.getMessage());
            }
        }
        return result;
    }

    /**
     * Writes a dead letter; tells the observer of a record (not of a follow-up handled in process: its copy on the
     * topic is the record); false when the record must come again.
     */
    private boolean ended(Received received, AtomicReference<EventType> type, DeliveryResult result, boolean record) {
        if (type.get() == null && result instanceof DeliveryResult.Skipped) {
            type.set(((DeliveryResult.Skipped) result).type());
        }
        if (result instanceof DeliveryResult.DeadLettered) {
            try {
                publisher.deadLetter(received, (DeliveryResult.DeadLettered) result);
            } catch (CloudrigException e) {
                LOG.warn("{}: could not write the dead letter, delivering it again: {}", received.origin(), e.getMessage());
                if (record) {
                    observer.recordEnded(Optional.ofNullable(type.get()), new DeliveryResult.Retry(e.code(), e.getMessage()));
                }
                return false;
            }
        }
        if (record) {
            observer.recordEnded(Optional.ofNullable(type.get()), result);
        }
        return result.done();
    }

    /**
     * Runs the function input among {@code emitted} that is about the same deployment as {@code cause} (e.g. the
     * <i>servers created</i> that createServers just sent) here and now, in the lane of that deployment, instead of
     * after its own trip through the topic: a deployment that started goes on without queueing again behind newer
     * requests. Each was sent first (observers see every event, in order: one partition, idempotent producer), and the
     * broker acknowledges it meanwhile; the cause is done with only once it did ({@link #acknowledged}). Each is
     * delivered by the same policy; its copy on the topic, when it reaches this consumer, is then done with at once
     * ({@link FollowUps}). Should this process die before, the copy (or, when the cause's offset was not committed
     * yet, the cause again, whose recorded outcome is re-emitted) brings it to a runner as before. Events about other
     * deployments (a parent's children) take their own lanes through the topic.
     */
    private void handOnInProcess(Received cause, List<CloudEvent> emitted, int depth) {
        if (depth > MAX_IN_PROCESS_HOPS) {
            return;
        }
        for (CloudEvent next : emitted) {
            if (!Objects.equals(next.getSubject(), cause.key()) || DeploymentEvents.type(next).isOutcome()) {
                continue;
            }
            Received received = new Received(null, cause.key(), cause.origin() + " then " + next.getId() + " in process");
            AtomicReference<EventType> type = new AtomicReference<>();
            DeliveryResult result = delivery.deliver(received, next, event -> timed(event, type, false));
            if (!ended(received, type, result, false)) {
                return; // its copy on the topic takes it from here
            }
            followUps.handled(next.getId());
            if (result instanceof DeliveryResult.Delivered delivered) {
                handOnInProcess(received, delivered.events(), depth + 1);
            }
        }
    }

    private List<CloudEvent> timed(CloudEvent event, AtomicReference<EventType> seen, boolean fromTopic) {
        EventType type = DeploymentEvents.type(event);
        seen.set(type);
        if (fromTopic && followUps != null && followUps.takeHandled(event.getId())) {
            LOG.debug("event {} ({}) was handled in process after the event that caused it", event.getId(), type.type());
            return List.of();
        }
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
