package io.cloudrig.orchestration;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kit's waits in progress during one call of a step, by what they wait for, with when each began. A step that
 * continues in a new function call carries them in its continuation event ({@value #EXTENSION}), so a wait goes on with
 * the time it already took counted against its timeout instead of starting over each call. Thread-safe.
 */
final class Waits {
    /** The continuation event's extension holding the waits as JSON: {@code {"<what>": "<ISO instant>"}}. */
    static final String EXTENSION = "cloudrigwaits";

    private final Map<String, Instant> started = new TreeMap<>();

    /** No wait in progress. */
    static Waits none() {
        return new Waits();
    }

    /** The waits a continuation event carries; none for any other event or one it cannot read. */
    static Waits of(CloudEvent event) {
        Waits w = new Waits();
        Object v = event.getExtension(EXTENSION);
        if (v != null) {
            try {
                Map<String, String> m = Json.MAPPER.readValue(v.toString(), new TypeReference<Map<String, String>>() {
                });
                m.forEach((what, at) -> w.started.put(what, Instant.parse(at)));
            } catch (IOException | RuntimeException e) {
                // a damaged checkpoint only costs the waits their head start: they begin again
                w.started.clear();
            }
        }
        return w;
    }

    /** When the wait for {@code what} began, in this call or an earlier one. */
    synchronized Optional<Instant> startOf(String what) {
        return Optional.ofNullable(started.get(what));
    }

    synchronized void began(String what, Instant at) {
        started.putIfAbsent(what, at);
    }

    /** The wait for {@code what} is over (answered or given up): a later wait for it starts afresh. */
    synchronized void ended(String what) {
        started.remove(what);
    }

    synchronized boolean isEmpty() {
        return started.isEmpty();
    }

    /** {@code event} carrying these waits (unchanged when there are none). */
    synchronized CloudEvent attachTo(CloudEvent event) {
        if (started.isEmpty()) {
            return event;
        }
        Map<String, String> m = new TreeMap<>();
        started.forEach((what, at) -> m.put(what, at.toString()));
        return CloudEventBuilder.v1(event).withExtension(EXTENSION, Json.write(m)).build();
    }
}
