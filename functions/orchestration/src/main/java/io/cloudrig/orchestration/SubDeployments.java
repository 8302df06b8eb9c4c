package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_SUBDEPLOY;

/**
 * The parent/child saga. An engine that composes deployments (Rally's MultihostEngine) returns child specs; the parent
 * waits in {@code deploy->subdeploy} while each child runs the whole pipeline as a deployment of its own, continues
 * when the last child finished, and fails when one fails. Destroy goes the other way: children first, then the parent,
 * which fails at once when a child's cleanup fails.
 */
final class SubDeployments {
    private static final String DEPLOY_ENGINE = EventType.Function.DEPLOY_ENGINE.functionName();
    private static final String CLEANUP = EventType.Function.CLEANUP.functionName();

    private final DeploymentStore store;
    private final Leases leases;
    private final StepEvents events;
    private final DeploymentOrchestrator.Progress progress;

    SubDeployments(DeploymentStore store, Leases leases, StepEvents events, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.leases = leases;
        this.events = events;
        this.progress = progress;
    }

    /**
     * Creates the children an engine asked for (once: a retry finds them by name), puts the parent to wait in
     * {@code deploy->subdeploy} with the engine's state, and requests the children not started yet.
     */
    List<CloudEvent> start(CloudEvent event, Deployment parent, DeployOutcome outcome) {
        List<Deployment> toStart = new ArrayList<>();
        for (DeployOutcome.ChildSpec spec : outcome.children()) {
            String name = parent.name() + "-" + spec.suffix();
            Deployment child = store.getByName(name).orElse(null);
            if (child == null) {
                // held for its request like any new deployment: requested below, or by the sweeper if this step dies
                child = store.create(Deployment.newDeployment(name, Json.write(spec.config())).toBuilder()
                        .parentId(parent.id()).leaseOwner(DeploymentRequests.REQUESTER)
                        .leaseExpiresAt(leases.now().plus(DeploymentRequests.PUBLISH_DEADLINE)).build());
            } else if (!parent.id().equals(child.parentId())) {
                throw new CloudrigException(ErrorCode.DEPLOYMENT_NAME_TAKEN, "sub-deployment name '" + name
                        + "' is taken by a deployment that is not a child of '" + parent.name() + "'");
            }
            if (child.status() == DEPLOY_INIT) {
                toStart.add(child);
            }
        }
        Change change = Change.builder().lease(leases.owner(), leases.childWaitDeadline());
        if (outcome.engineState() != null) {
            change.engineState(outcome.engineState());
        }
        Deployment waiting = store.transition(parent.id(), DEPLOY_STARTED, DEPLOY_SUBDEPLOY, change);
        progress.report(waiting, "waiting for " + outcome.children().size() + " sub-deployment(s): "
                + outcome.children().stream().map(c -> parent.name() + "-" + c.suffix()).collect(Collectors.joining(", ")));
        List<CloudEvent> out = new ArrayList<>();
        for (Deployment c : toStart) {
            out.add(StepEvents.causedBy(event, EventType.DEPLOYMENT_REQUESTED, c, DEPLOY_ENGINE));
        }
        events.owedDestroy(event, waiting, DEPLOY_ENGINE).ifPresent(out::add);
        return out;
    }

    boolean allFinished(Deployment parent) {
        return store.listChildren(parent.id()).stream().allMatch(c -> c.status() == DEPLOY_FINISHED);
    }

    /** The children that finished: what the engine composes on its next step. */
    List<Deployment> finished(Deployment parent) {
        return store.listChildren(parent.id()).stream().filter(c -> c.status() == DEPLOY_FINISHED)
                .collect(Collectors.toList());
    }

    /** A parent claimed on an early or replayed <i>children finished</i> goes back to waiting for the rest. */
    Deployment backToWaiting(Deployment parent) {
        return store.transition(parent.id(), DEPLOY_STARTED, DEPLOY_SUBDEPLOY,
                Change.builder().lease(leases.owner(), leases.childWaitDeadline()));
    }

    /** When the last child of a waiting parent finished, the parent continues. */
    Optional<CloudEvent> continueParent(CloudEvent cause, Deployment child) {
        Deployment parent = parentIn(child, DEPLOY_SUBDEPLOY);
        if (parent == null || !allFinished(parent)) {
            return Optional.empty();
        }
        return Optional.of(StepEvents.causedBy(cause, EventType.CHILDREN_FINISHED, parent, DEPLOY_ENGINE));
    }

    /**
     * A child that failed to deploy fails its waiting parent ({@code deploy->subdeploy}); a child whose cleanup failed
     * fails its parent's cleanup at once ({@code cleanup->started} waiting for its children), naming the child and
     * what it could not remove; a destroy noted on the parent meanwhile follows. Without a cause it is the sweeper's
     * doing: the parent's failure is then announced until published, like the child's ({@link Sweeper}).
     */
    List<CloudEvent> failParent(CloudEvent cause, Deployment child) {
        boolean cleanup = child.status() == CLEANUP_FAILED;
        if (child.status() != DEPLOY_FAILED && !cleanup) {
            return List.of();
        }
        DeploymentStatus waiting = cleanup ? CLEANUP_STARTED : DEPLOY_SUBDEPLOY;
        Deployment parent = parentIn(child, waiting);
        if (parent == null) {
            return List.of();
        }
        Change change = Change.builder().error(ErrorCode.PROVIDER_FAILED, "sub-deployment '" + child.name()
                + (cleanup ? "' could not be destroyed: " : "' failed: ") + child.errorMessage());
        if (cause == null) {
            change.lease(Announcements.ANNOUNCER, leases.now()); // the sweeper's verdict: announced like the child's
        } else {
            change.clearLease();
        }
        if (cleanup) {
            change.clearRecreate(); // a failed cleanup ends a recreate
        }
        try {
            Deployment failed = store.transition(parent.id(), waiting, cleanup ? CLEANUP_FAILED : DEPLOY_FAILED, change);
            progress.report(failed, "failed: " + failed.errorMessage());
            if (cause == null) {
                return Announcements.of(failed, store.destroyRequestForced(failed.id()));
            }
            List<CloudEvent> out = new ArrayList<>();
            out.add(StepEvents.causedBy(cause, cleanup ? EventType.CLEANUP_FAILED : EventType.DEPLOYMENT_FAILED, failed,
                    StepEvents.ANY_FUNCTION));
            events.owedDestroy(cause, failed, StepEvents.ANY_FUNCTION).ifPresent(out::add);
            return out;
        } catch (StatusConflictException e) {
            return List.of();
        }
    }

    /**
     * A parent's cleanup starts with its children's (a forced destroy forces theirs). It waits in
     * {@code cleanup->started}, leased for the child wait as a backstop only: the last child gone continues it
     * ({@link #continueParentCleanup}), a child whose cleanup failed fails it at once ({@link #failParent}).
     */
    List<CloudEvent> destroyChildren(CloudEvent event, Deployment parent, List<Deployment> children) {
        store.update(parent.id(), store.get(parent.id()).orElseThrow().version(),
                Change.builder().lease(leases.owner(), leases.childWaitDeadline()));
        progress.report(parent, "destroying " + children.size() + " sub-deployment(s) first");
        List<CloudEvent> out = new ArrayList<>();
        for (Deployment c : children) {
            out.add(StepEvents.destroyCausedBy(event, c, CLEANUP));
        }
        return out;
    }

    /** When the last child of a parent in cleanup is gone, the parent's cleanup goes on (forced if the child's was). */
    Optional<CloudEvent> continueParentCleanup(CloudEvent cause, Deployment child) {
        Deployment parent = parentIn(child, CLEANUP_STARTED);
        if (parent == null || !store.listChildren(parent.id()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StepEvents.destroyCausedBy(cause, parent, CLEANUP));
    }

    /** The parent of {@code child} when it has one in {@code status}, else null. */
    private Deployment parentIn(Deployment child, DeploymentStatus status) {
        if (child.parentId() == null) {
            return null;
        }
        return store.get(child.parentId()).filter(p -> p.status() == status).orElse(null);
    }
}
