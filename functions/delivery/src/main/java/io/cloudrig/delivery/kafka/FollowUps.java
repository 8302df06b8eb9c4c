package io.cloudrig.delivery.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of events {@link KafkaDelivery} handled in process right after the event that caused them, until their own
 * copy on the topic reaches this consumer (then done with at once). Bounded: the oldest ids are forgotten beyond
 * {@value #KEPT} (a copy that went to another consumer after a rebalance never comes here), and a forgotten copy is
 * simply delivered again, which the functions' processed-event markers make a repeat of the recorded outcome.
 * Thread-safe.
 */
final class FollowUps {
    static final int KEPT = 10_000;

    private final Map<String, Boolean> handled = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void handled(String eventId) {
        handled.put(eventId, Boolean.TRUE);
    }

    /** True (once) when {@code eventId} was handled in process. */
    synchronized boolean takeHandled(String eventId) {
        return handled.remove(eventId) != null;
    }
}
