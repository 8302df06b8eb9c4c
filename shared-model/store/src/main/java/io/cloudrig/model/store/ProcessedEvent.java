package io.cloudrig.model.store;

import java.time.Instant;

/**
 * A processed-event marker ({@link DeploymentStore#processedEvent}).
 *
 * @param eventId the event's id
 * @param deploymentId the deployment it was about
 * @param outcome what the first processing emitted (secret-free), to emit again on a duplicate; may be null
 * @param processedAt when it was first processed
 */
public record ProcessedEvent(String eventId, String deploymentId, String outcome, Instant processedAt) {
}
