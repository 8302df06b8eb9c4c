package io.cloudrig.model.events;

import io.cloudevents.CloudEvent;

/** Sends events on (Kafka topic, SQS queue, or a list in tests). Implementations must be thread-safe. */
@FunctionalInterface
public interface EventPublisher {
    /** Publishes {@code event}; returns once the transport has accepted it (at-least-once). */
    void publish(CloudEvent event);

    /**
     * Starts publishing {@code event} and returns without waiting for the transport; the event counts as published
     * only once {@link Acknowledgement#await()} returned. Events started one after the other about one deployment
     * keep their order as {@link #publish} would. The default publishes at once (a transport without a cheaper way).
     */
    default Acknowledgement publishPending(CloudEvent event) {
        publish(event);
        return Acknowledgement.RECEIVED;
    }

    /** The transport's acknowledgement of one event started with {@link #publishPending}. */
    @FunctionalInterface
    interface Acknowledgement {
        /** An event acknowledged already. */
        Acknowledgement RECEIVED = () -> {
        };

        /** Returns once the transport accepted the event; fails as {@link #publish} would when it did not. */
        void await();
    }
}
