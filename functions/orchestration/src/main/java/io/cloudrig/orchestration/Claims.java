package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentNotFoundException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INCONSISTENT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_SUBDEPLOY;

/**
 * How a step takes its deployment for this worker: a compare-and-set on the stored status with a work lease, or a
 * lease take-over; a destroy does not take a deployment from under a deploy step that runs right now.
 */
final class Claims {
    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);
    private static final Set<DeploymentStatus> DESTROYABLE = Set.of(DEPLOY_INIT, DEPLOY_STARTED, DEPLOY_SUBDEPLOY,
            DEPLOY_FINISHED, DEPLOY_FAILED, DEPLOY_INCONSISTENT, CLEANUP_FAILED);

    private final DeploymentStore store;
    private final Leases leases;
    private final DeploymentOrchestrator.Progress progress;

    Claims(DeploymentStore store, Leases leases, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.leases = leases;
        this.progress = progress;
    }

    /** Whether a destroy may start on a deployment in {@code status} ({@link #takeForCleanup}). */
    static boolean destroyable(DeploymentStatus status) {
        return DESTROYABLE.contains(status);
    }

    /**
     * Takes {@code d} for this worker: a status change {@code from → to} (when {@code from} is given and current), or a
     * lease take-over when it is already in {@code to} and its lease expired, is this worker's, or is a hand-over.
     *
     * @return the claimed deployment; empty when it is elsewhere or someone else won the compare-and-set
     */
    Optional<Deployment> take(Deployment d, DeploymentStatus from, DeploymentStatus to) {
        return take(d, from, to, null);
    }

    /**
     * {@link #take(Deployment, DeploymentStatus, DeploymentStatus)}, keeping the progress line {@code line} (when not
     * null) with the claim's write: it is kept only when the claim succeeds. The caller passes it on
     * ({@link DeploymentOrchestrator.Progress#reportKept}).
     */
    Optional<Deployment> take(Deployment d, DeploymentStatus from, DeploymentStatus to, String line) {
        try {
            if (from != null && d.status() == from) {
                return Optional.of(store.transition(d.id(), from, to, statusClaim().progress(line)));
            }
            if (d.status() == to && (!leases.isLive(d) || leases.isMine(d) || leases.isHandoff(d))) {
                return Optional.of(store.update(d.id(), d.version(),
                        Change.builder().lease(leases.owner(), leases.workDeadline()).progress(line)));
            }
        } catch (StatusConflictException e) {
            LOG.debug("lost the claim on {}: {}", d.id(), e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Takes deployment {@code id} from its requester ({@code deploy->init → deploy->started}) without reading it
     * first: the write's condition is the requester's lease ({@link DeploymentRequests#REQUESTER}), which only a new
     * deployment holds (stored by a create or as a parent's child) and the first claim replaces. So when this succeeds
     * no function took the deployment before, and its one request ({@link DeploymentRequests#requested}) was never
     * handled: there is no processed-event marker to look for.
     *
     * @return the claimed deployment; empty when the condition did not hold (taken, moved on, or not stored as a
     * request) or there is no such deployment: then the caller decides from the store, as for any event
     */
    Optional<Deployment> takeFromRequester(String id) {
        try {
            return Optional.of(store.transition(id, DEPLOY_INIT, DEPLOY_STARTED,
                    statusClaim().leaseHeldBy(DeploymentRequests.REQUESTER)));
        } catch (StatusConflictException | DeploymentNotFoundException e) {
            LOG.debug("{} is not a request no one took: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** What a claim by status change writes: this worker's lease until its work deadline, and no error left. */
    private Change statusClaim() {
        return Change.builder().lease(leases.owner(), leases.workDeadline()).clearError();
    }

    /**
     * Takes a destroyable deployment for cleanup. A deploy step running right now elsewhere (live lease, not a
     * hand-over) is not destroyed underneath: whatever it creates after cleanup listed the records would escape it.
     * Nor does a cleanup running elsewhere get a second one beside it. The request is noted on the deployment instead
     * ({@code force} kept with it); that step ({@link StepEvents#owedDestroy}), or the sweeper if it dies, emits the
     * destroy again when it ends (a cleanup that ends with the deployment gone owes nothing: it is destroyed).
     *
     * @return the claimed deployment; empty when someone else moved it on or the destroy was deferred
     */
    Optional<Deployment> takeForCleanup(Deployment d, boolean force) {
        Deployment cur = d;
        for (int attempt = 0; attempt < 5 && cur != null; attempt++) {
            try {
                if (runsElsewhere(cur)) {
                    cur = note(cur, force);
                    progress.report(cur, "destroy requested while " + (cur.status() == CLEANUP_STARTED ? "a cleanup"
                            : "a deploy step") + " runs on " + cur.leaseOwner() + ": it starts when that one ends"
                            + (cur.status() == CLEANUP_STARTED ? " unless that one destroys the deployment" : ""));
                    return Optional.empty();
                }
                if (!destroyable(cur.status())) {
                    return cur.status() == CLEANUP_STARTED ? take(cur, null, CLEANUP_STARTED) : Optional.empty();
                }
                return Optional.of(store.transition(cur.id(), cur.status(), CLEANUP_STARTED,
                        statusClaim().clearDestroyRequested()));
            } catch (StatusConflictException e) {
                cur = store.get(d.id()).orElse(null); // the deploy step moved on (or wrote) meanwhile: decide again
            }
        }
        return Optional.empty();
    }

    /** Whether a step of another worker is working on {@code d} right now: a live lease that is not a hand-over. */
    private boolean runsElsewhere(Deployment d) {
        return (d.status() == DEPLOY_STARTED || d.status() == CLEANUP_STARTED) && leases.isLive(d)
                && !leases.isHandoff(d) && !leases.isMine(d);
    }

    /** Notes a destroy for the running step to owe; a forced one makes the note forced (force wins). */
    private Deployment note(Deployment d, boolean force) {
        if (d.destroyRequestedAt() == null) {
            return store.update(d.id(), d.version(), Change.builder().destroyRequested(leases.now(), force));
        }
        if (force && !store.destroyRequestForced(d.id())) {
            return store.update(d.id(), d.version(), Change.builder().destroyRequested(d.destroyRequestedAt(), true));
        }
        return d;
    }
}
