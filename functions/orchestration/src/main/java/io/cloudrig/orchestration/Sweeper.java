package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.StatusTransitions;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;

/**
 * Finds deployments whose function died (lease expired in {@code deploy->started}, {@code deploy->subdeploy} or
 * {@code cleanup->started}) and fails them, so nothing stays started forever; destroy then removes whatever was
 * recorded. A failure the sweeper made is announced until the binding confirms it published the events
 * ({@link #announced}): each sweep repeats the announcements still pending, with the same event ids.
 */
final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final DeploymentStore store;
    private final Leases leases;
    private final SubDeployments subDeployments;
    private final DeploymentOrchestrator.Progress progress;

    Sweeper(DeploymentStore store, Leases leases, SubDeployments subDeployments, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.leases = leases;
        this.subDeployments = subDeployments;
        this.progress = progress;
    }

    /** One sweep: the announcements still pending, then a verdict on every expired lease; the events to emit. */
    List<CloudEvent> sweep() {
        List<CloudEvent> out = new ArrayList<>();
        Instant now = leases.now();
        for (Deployment pending : store.findLeasesHeldBy(Announcements.ANNOUNCER, now)) {
            out.addAll(announcement(pending));
        }
        for (Deployment d : store.findExpiredLeases(now)) {
            DeploymentStatus to = StatusTransitions.failureStatusFor(d.status());
            String msg = "no progress: the function working on it (" + d.leaseOwner() + ") stopped; lease expired at "
                    + d.leaseExpiresAt();
            try {
                Deployment failed = store.transition(d.id(), d.status(), to, Change.builder().error(ErrorCode.TIMEOUT, msg)
                        .lease(Announcements.ANNOUNCER, now).leaseExpiredBefore(now).clearRecreate());
                LOG.warn("sweeper: {} {} -> {}: {}", d.name(), d.status().value(), to.value(), msg);
                out.addAll(announcement(failed));
                subDeployments.failParent(null, failed).ifPresent(out::add);
            } catch (StatusConflictException e) {
                // it moved on meanwhile, or its lease was renewed: not stuck after all
            }
        }
        return out;
    }

    /** A sweep whose events go out through {@code publisher}, marked {@link #announced} once every publish succeeded. */
    List<CloudEvent> sweep(EventPublisher publisher) {
        List<CloudEvent> out = sweep();
        out.forEach(publisher::publish);
        announced(out);
        return out;
    }

    /** The binding published what {@link #sweep} returned: those announcements are done. */
    void announced(Collection<CloudEvent> published) {
        published.stream().map(CloudEvent::getSubject).distinct()
                .forEach(id -> store.clearLease(id, Announcements.ANNOUNCER));
    }

    /** What the sweeper says of a deployment it failed: its failure, and the destroy it deferred, if one was asked. */
    private List<CloudEvent> announcement(Deployment failed) {
        EventType t = failed.status() == CLEANUP_FAILED ? EventType.CLEANUP_FAILED : EventType.DEPLOYMENT_FAILED;
        List<CloudEvent> out = new ArrayList<>();
        out.add(Announcements.event(t, failed));
        if (failed.destroyRequestedAt() != null && failed.status() == DEPLOY_FAILED) {
            progress.report(failed, "running the destroy requested while deploying");
            out.add(Announcements.event(EventType.DESTROY_REQUESTED, failed));
        }
        return out;
    }
}
