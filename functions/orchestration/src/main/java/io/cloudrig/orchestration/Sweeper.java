package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.StatusTransitions;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;

/**
 * Finds deployments whose function died (lease expired in {@code deploy->started}, {@code deploy->subdeploy} or
 * {@code cleanup->started}) and fails them, so nothing stays started forever; destroy then removes whatever was
 * recorded. A failure the sweeper made is announced until the binding confirms it published the events
 * ({@link #announced}): each sweep repeats the announcements still pending, with the same event ids. A deployment
 * stored in {@code deploy->init} whose requester did not publish its request in time ({@link DeploymentRequests}) gets
 * it published by the sweeper, again each publish deadline until a function takes it. A deployment whose expiry passed
 * ({@link Deployment#expiresAt()}) gets its destroy requested by the sweeper ({@link #expired}), again each publish
 * deadline until a function takes that destroy; in every mode, since every runtime sweeps.
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
            out.addAll(Announcements.of(pending, store.destroyRequestForced(pending.id())));
        }
        for (Deployment unpublished : store.findLeasesHeldBy(DeploymentRequests.REQUESTER, now)) {
            requestAgain(unpublished).ifPresent(out::add);
        }
        for (Deployment d : store.findExpiredLeases(now)) {
            DeploymentStatus to = StatusTransitions.failureStatusFor(d.status());
            String msg = "no progress: the function working on it (" + d.leaseOwner() + ") stopped; lease expired at "
                    + d.leaseExpiresAt();
            try {
                Deployment failed = store.transition(d.id(), d.status(), to, Change.builder().error(ErrorCode.TIMEOUT, msg)
                        .lease(Announcements.ANNOUNCER, now).leaseExpiredBefore(now).clearRecreate());
                LOG.warn("sweeper: {} {} -> {}: {}", d.name(), d.status().value(), to.value(), msg);
                if (failed.destroyRequestedAt() != null) {
                    progress.report(failed, "running the destroy requested meanwhile");
                }
                out.addAll(Announcements.of(failed, store.destroyRequestForced(failed.id())));
                out.addAll(subDeployments.failParent(null, failed));
            } catch (StatusConflictException e) {
                // it moved on meanwhile, or its lease was renewed: not stuck after all
            }
        }
        for (Deployment d : store.findExpired(now)) {
            expired(d).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The destroy of a deployment whose expiry passed: the same event every time it is said (its id derives from the
     * deployment and its expiry), until a function took it; then the sweeper is done with that expiry.
     */
    private Optional<CloudEvent> expired(Deployment d) {
        String id = UUID.nameUUIDFromBytes(("expired|" + d.id() + "|" + d.expiresAt().toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)).toString();
        CloudEvent destroy = DeploymentEvents.build(EventType.DESTROY_REQUESTED, DeploymentEventData.of(d), id,
                StepEvents.source("sweeper"));
        if (DeploymentRequests.taken(store, destroy)) {
            store.clearExpiry(d.id());
            return Optional.empty();
        }
        LOG.info("sweeper: {} expired at {}: requesting its destroy", d.name(), d.expiresAt());
        progress.report(d, "expired at " + d.expiresAt() + ": the sweeper requests its destroy");
        return Optional.of(destroy);
    }

    /** A sweep whose events go out through {@code publisher}, marked {@link #announced} once every publish succeeded. */
    List<CloudEvent> sweep(EventPublisher publisher) {
        List<CloudEvent> out = sweep();
        out.forEach(publisher::publish);
        announced(out);
        return out;
    }

    /**
     * The binding published what {@link #sweep} returned: those announcements are done. A request published for its
     * requester gets another publish deadline: said again only if no function took it by then; so does the destroy of
     * an expired deployment.
     */
    void announced(Collection<CloudEvent> published) {
        published.stream().map(CloudEvent::getSubject).distinct()
                .forEach(id -> store.clearLease(id, Announcements.ANNOUNCER));
        Instant next = leases.now().plus(DeploymentRequests.PUBLISH_DEADLINE);
        published.stream().filter(e -> EventType.DEPLOYMENT_REQUESTED.type().equals(e.getType()))
                .map(CloudEvent::getSubject).distinct()
                .forEach(id -> store.renewLease(id, DEPLOY_INIT, DeploymentRequests.REQUESTER, next));
        published.stream().filter(e -> EventType.DESTROY_REQUESTED.type().equals(e.getType()))
                .map(CloudEvent::getSubject).distinct().forEach(id -> store.postponeExpiry(id, next));
    }

    /**
     * The request of a deployment stored in {@code deploy->init} whose requester did not publish it in time (it died
     * between the two, say): the same event the requester would have published ({@link DeploymentRequests#requested}).
     */
    private Optional<CloudEvent> requestAgain(Deployment d) {
        if (d.status() != DEPLOY_INIT) {
            store.clearLease(d.id(), DeploymentRequests.REQUESTER); // moved on without a claim: nothing to request
            return Optional.empty();
        }
        LOG.warn("sweeper: {} in {} since {}: its request was not published in time; publishing it", d.name(),
                d.status().value(), d.createdAt());
        progress.report(d, "its request was not published by " + d.leaseExpiresAt() + ": the sweeper publishes it");
        return Optional.of(DeploymentRequests.requested(d, StepEvents.source("sweeper")));
    }
}
