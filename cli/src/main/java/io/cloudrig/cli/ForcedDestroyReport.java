package io.cloudrig.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.ProcessedEvent;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a forced destroy forgot without destroying it, as the functions recorded it: each processed event's marker
 * holds the events it emitted, so the chain from the CLI's request (through a parent's children) leads to the
 * <i>destroyed</i> events, whose {@code forgotten} lists each record forgotten and each cleanup given up.
 *
 * @param lines one line per thing forgotten, a sub-deployment's prefixed with its name
 * @param found whether the outcome was found in the chain (it is not when the destroy was noted on a deployment a step
 *              was working on and ran when that step ended: then the list is only in the functions' log)
 */
public record ForcedDestroyReport(List<String> lines, boolean found) {
    /** The most markers read: a parent with many children stays well under it. */
    private static final int MAX_EVENTS = 500;

    public ForcedDestroyReport {
        lines = List.copyOf(lines);
    }

    /** The report of {@code request} (a forced <i>destroy requested</i>), read from {@code store}. */
    public static ForcedDestroyReport of(DeploymentStore store, CloudEvent request) {
        List<String> lines = new ArrayList<>();
        boolean found = false;
        Deque<String> next = new ArrayDeque<>(List.of(request.getId()));
        Set<String> seen = new HashSet<>();
        while (!next.isEmpty() && seen.size() < MAX_EVENTS) {
            String id = next.poll();
            if (!seen.add(id)) {
                continue;
            }
            Optional<ProcessedEvent> marker = store.processedEvent(id);
            if (marker.isEmpty()) {
                continue;
            }
            for (CloudEvent e : outcome(marker.get().outcome())) {
                if (DeploymentEvents.type(e) == EventType.DEPLOYMENT_DESTROYED
                        && e.getSubject() != null && e.getSubject().equals(request.getSubject())) {
                    found = true;
                }
                if (DeploymentEvents.type(e) == EventType.DEPLOYMENT_DESTROYED) {
                    DeploymentEventData data = DeploymentEvents.data(e);
                    String prefix = data.deploymentId().equals(request.getSubject()) ? ""
                            : "sub-deployment " + data.name() + ": ";
                    if (data.forgotten() != null) {
                        data.forgotten().forEach(f -> lines.add(prefix + f));
                    }
                }
                next.add(e.getId());
            }
        }
        return new ForcedDestroyReport(lines, found);
    }

    private static List<CloudEvent> outcome(String recorded) {
        if (recorded == null) {
            return List.of();
        }
        try {
            List<String> json = Json.MAPPER.readValue(recorded, new TypeReference<List<String>>() {
            });
            List<CloudEvent> out = new ArrayList<>();
            for (String j : json) {
                try {
                    out.add(DeploymentEvents.parse(j));
                } catch (RuntimeException notAnEvent) {
                    // a marker from another version: skip it, the report then says it could not find everything
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }
}
