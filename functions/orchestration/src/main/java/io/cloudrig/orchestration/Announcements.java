package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        return event(type, DeploymentEventData.of(d), d);
    }

    /**
     * What the sweeper says of a deployment it failed: its failure, and the destroy noted on it while it worked
     * ({@code forced} as it was asked), if any.
     */
    static List<CloudEvent> of(Deployment failed, boolean forced) {
        EventType t = failed.status() == DeploymentStatus.CLEANUP_FAILED ? EventType.CLEANUP_FAILED
                : EventType.DEPLOYMENT_FAILED;
        List<CloudEvent> out = new ArrayList<>();
        out.add(event(t, failed));
        if (failed.destroyRequestedAt() != null) {
            out.add(event(EventType.DESTROY_REQUESTED, DeploymentEventData.of(failed).withForce(forced), failed));
        }
        return out;
    }

    private static CloudEvent event(EventType type, DeploymentEventData data, Deployment d) {
        String id = UUID.nameUUIDFromBytes(("sweeper|" + type.type() + "|" + d.id() + "|" + d.errorMessage())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return DeploymentEvents.build(type, data, id, StepEvents.source("sweeper"));
    }
}
