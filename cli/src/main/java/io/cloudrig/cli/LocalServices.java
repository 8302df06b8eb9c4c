package io.cloudrig.cli;

import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.store.DeploymentStore;

/**
 * The local runtime's own store and event publisher, for a command the runtime serves in its process: the command
 * uses them as they are (no client built for it, nothing closed at its end).
 */
public record LocalServices(DeploymentStore store, EventPublisher publisher) {
}
