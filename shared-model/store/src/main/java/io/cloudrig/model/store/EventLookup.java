package io.cloudrig.model.store;

import io.cloudrig.model.Deployment;

import java.util.Objects;
import java.util.Optional;

/**
 * What a function reads first for an event ({@link DeploymentStore#lookUp}): the event's processed-event marker, and
 * the deployment it is about (looked up whether or not the marker exists; a caller that finds the marker needs no more).
 *
 * @param processed  the marker when the event was processed before (a duplicate delivery)
 * @param deployment the deployment, when it exists
 */
public record EventLookup(Optional<ProcessedEvent> processed, Optional<Deployment> deployment) {
    public EventLookup {
        Objects.requireNonNull(processed, "processed");
        Objects.requireNonNull(deployment, "deployment");
    }
}
