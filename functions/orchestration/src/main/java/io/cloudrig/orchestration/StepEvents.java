package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events the steps emit, and who they say emitted them; and the deployment a step hands on with the event that
 * continues it ({@link #handedOn}).
 */
final class StepEvents {
    /** The source of what no single function decides (a failure, an outcome found already recorded). */
    static final String ANY_FUNCTION = "functions";
    /** Hand-overs kept for their events, at most: one not taken within that many is forgotten (read again instead). */
    static final int HANDED_ON_KEPT = 1024;

    private final DeploymentStore store;
    private final DeploymentOrchestrator.Progress progress;
    private final Map<String, Deployment> handedOn = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deployment> eldest) {
            return size() > HANDED_ON_KEPT;
        }
    };

    StepEvents(DeploymentStore store, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.progress = progress;
    }

    static String source(String function) {
        return "/cloudrig/functions/" + function;
    }

    static CloudEvent causedBy(CloudEvent cause, EventType type, Deployment d, EventType.Function function) {
        return causedBy(cause, type, d, function.functionName());
    }

    static CloudEvent causedBy(CloudEvent cause, EventType type, Deployment d, String function) {
        return DeploymentEvents.causedBy(cause, type, d, source(function));
    }

    /**
     * {@link #causedBy(CloudEvent, EventType, Deployment, EventType.Function)}, for an event that continues {@code d}'s
     * deployment in the next step, with {@code d} as the step's last write left it: when this process handles that
     * event (in process, right after this one), it starts from {@code d} instead of reading it again
     * ({@link #takeHandedOn}).
     */
    CloudEvent handedOn(CloudEvent cause, EventType type, Deployment d, EventType.Function function) {
        CloudEvent next = causedBy(cause, type, d, function);
        synchronized (handedOn) {
            handedOn.put(next.getId(), d);
        }
        return next;
    }

    /**
     * The deployment handed on with event {@code eventId} by a step of this process ({@link #handedOn}), once: a
     * repeat delivery of the event reads the store. It is what that step wrote last; anyone may have written since,
     * so it is only good for a compare-and-set claim, whose failure sends the event the way of any delivery.
     */
    Optional<Deployment> takeHandedOn(String eventId) {
        synchronized (handedOn) {
            return Optional.ofNullable(handedOn.remove(eventId));
        }
    }

    /**
     * A <i>destroy requested</i> for {@code d} caused by {@code cause}; forced when the cause is a forced destroy (a
     * parent's children are destroyed as the parent is, and the parent goes on as it was asked).
     */
    static CloudEvent destroyCausedBy(CloudEvent cause, Deployment d, String function) {
        boolean force = DeploymentEvents.type(cause) == EventType.DESTROY_REQUESTED && DeploymentEvents.data(cause).forced();
        return DeploymentEvents.causedBy(cause, EventType.DESTROY_REQUESTED, DeploymentEventData.of(d).withForce(force),
                source(function));
    }

    /** What to emit for an event that finds its deployment already past (or in the middle of) the step. */
    static List<CloudEvent> outcomeOf(CloudEvent event, Deployment d) {
        EventType t;
        switch (d.status()) {
            case DEPLOY_FINISHED:
                t = EventType.DEPLOYMENT_FINISHED;
                break;
            case DEPLOY_FAILED:
            case DEPLOY_INCONSISTENT:
                t = EventType.DEPLOYMENT_FAILED;
                break;
            case CLEANUP_FAILED:
                t = EventType.CLEANUP_FAILED;
                break;
            default:
                return List.of(); // in progress elsewhere: that worker emits the outcome
        }
        return List.of(causedBy(event, t, d, ANY_FUNCTION));
    }

    /**
     * The destroy a step owes when one was requested while it ran: {@link Claims#takeForCleanup} noted it on the
     * deployment (forced or not) instead of destroying underneath a deploy step or running a second cleanup beside one.
     */
    Optional<CloudEvent> owedDestroy(CloudEvent cause, Deployment d, String function) {
        if (d.destroyRequestedAt() == null) {
            return Optional.empty();
        }
        boolean force = store.destroyRequestForced(d.id());
        progress.report(d, "running the " + (force ? "forced " : "") + "destroy requested meanwhile");
        return Optional.of(DeploymentEvents.causedBy(cause, EventType.DESTROY_REQUESTED,
                DeploymentEventData.of(d).withForce(force), source(function)));
    }
}
