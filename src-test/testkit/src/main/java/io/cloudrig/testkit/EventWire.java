package io.cloudrig.testkit;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The wire between the functions in an end-to-end test without a broker: hands an event to the functions, then
 * everything they emit that a function consumes, until nothing is left, each event going through its JSON wire form
 * as a transport would carry it. Keeps every emitted event's JSON, so a test can scan what went over the wire.
 */
public final class EventWire {
    private final Function<CloudEvent, List<CloudEvent>> functions;
    private final int maxDeliveries;
    private final List<String> wire = new ArrayList<>();

    /**
     * @param functions what handles an event and returns what it emits ({@code DeploymentOrchestrator::handle})
     * @param maxDeliveries how many events may be delivered before the test calls it a loop
     */
    public EventWire(Function<CloudEvent, List<CloudEvent>> functions, int maxDeliveries) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.maxDeliveries = maxDeliveries;
    }

    public EventWire(Function<CloudEvent, List<CloudEvent>> functions) {
        this(functions, 100);
    }

    /** Delivers {@code first}, then everything emitted for a function, until quiet; every event emitted, in order. */
    public List<CloudEvent> deliverUntilQuiet(CloudEvent first) {
        return deliverUntilQuiet(functions, first);
    }

    /** As {@link #deliverUntilQuiet(CloudEvent)}, through other functions (another worker, a later clock) on this wire. */
    public synchronized List<CloudEvent> deliverUntilQuiet(Function<CloudEvent, List<CloudEvent>> functions, CloudEvent first) {
        List<CloudEvent> emitted = new ArrayList<>();
        Deque<CloudEvent> inbox = new ArrayDeque<>(List.of(first));
        for (int delivered = 0; !inbox.isEmpty(); delivered++) {
            if (delivered >= maxDeliveries) {
                throw new AssertionError("more than " + maxDeliveries + " events delivered: the functions loop");
            }
            for (CloudEvent out : functions.apply(inbox.poll())) {
                String json = DeploymentEvents.toJson(out);
                wire.add(json);
                CloudEvent received = DeploymentEvents.parse(json);
                emitted.add(received);
                if (!DeploymentEvents.type(received).isOutcome()) {
                    inbox.add(received);
                }
            }
        }
        return emitted;
    }

    /** The JSON of every event emitted so far. */
    public synchronized List<String> wire() {
        return List.copyOf(wire);
    }

    /** The types (without the common prefix) of the events about {@code deploymentId}, in order. */
    public static List<String> typesAbout(String deploymentId, List<CloudEvent> events) {
        return events.stream().filter(e -> deploymentId.equals(e.getSubject()))
                .map(e -> e.getType().substring(EventType.PREFIX.length())).toList();
    }
}
