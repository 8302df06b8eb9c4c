package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What the sweeper decided and has yet to see published. No event caused its verdict, so each announcement's id is
 * derived from what it says: repeated until published, it is the same event every time.
 */
final class Announcements {
    /** Holds the lease of a deployment the sweeper failed until its failure is published. */
    static final String ANNOUNCER = "sweeper:announcing";

    private Announcements() {
    }

    /** The sweeper's event of {@code type} about {@code d}: same id every time it is said. */
    static CloudEvent event(EventType type, Deployment d) {
        String id = UUID.nameUUIDFromBytes(("sweeper|" + type.type() + "|" + d.id() + "|" + d.errorMessage())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return DeploymentEvents.build(type, DeploymentEventData.of(d), id, StepEvents.source("sweeper"));
    }
}
