package io.cloudrig.model.events;

import io.cloudevents.CloudEvent;

/** Sends events on (Kafka topic, SQS queue, or a list in tests). Implementations must be thread-safe. */
@FunctionalInterface
public interface EventPublisher {
    /** Publishes {@code event}; returns once the transport has accepted it (at-least-once). */
    void publish(CloudEvent event);
}
