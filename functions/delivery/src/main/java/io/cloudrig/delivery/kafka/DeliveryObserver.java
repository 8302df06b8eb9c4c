package io.cloudrig.delivery.kafka;

import io.cloudrig.delivery.DeliveryResult;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.EventType;

import java.time.Duration;
import java.util.Optional;

/**
 * What a Kafka worker reports as it goes, for metrics: each function call (a step; a retried record makes one call per
 * attempt) and what became of each record. Called on the worker threads, concurrently: implementations are
 * thread-safe and quick. Never given an event's data.
 */
public interface DeliveryObserver {
    DeliveryObserver NONE = new DeliveryObserver() {
    };

    /**
     * One function call ended.
     *
     * @param type    the event type it handled
     * @param took    how long the call ran
     * @param failure the code it failed with, or empty when it returned
     */
    default void stepEnded(EventType type, Duration took, Optional<ErrorCode> failure) {
    }

    /**
     * A record is finished with (or left to come again, {@link DeliveryResult.Retry}).
     *
     * @param type   its event type, when it parsed as one of ours
     * @param result what became of it; a {@link DeliveryResult.DeadLettered} was written to the dead-letter topic
     */
    default void recordEnded(Optional<EventType> type, DeliveryResult result) {
    }
}
