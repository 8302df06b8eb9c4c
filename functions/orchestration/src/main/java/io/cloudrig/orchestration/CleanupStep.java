package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEventData;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FINISHED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;

/**
 * On <i>destroy requested</i>: claims the deployment for {@code cleanup->started} (or notes the request while a deploy
 * step runs elsewhere, {@link Claims#takeForCleanup}); destroys its children first ({@link SubDeployments}), then the
 * plugins' part ({@link Teardown}: the engine's cleanup, every recorded resource, each tried whatever failed before;
 * with {@code force} in the request, what cannot be destroyed is forgotten and listed). When nothing is left, the
 * record is deleted (a tombstone stays), or, for Rally's recreate, it goes back to {@code deploy->init} with its new
 * config; else it ends {@code cleanup->failed} naming what is left.
 */
final class CleanupStep implements Step {
    private static final EventType.Function FUNCTION = EventType.Function.CLEANUP;

    private final DeploymentStore store;
    private final Claims claims;
    private final Leases leases;
    private final SubDeployments subDeployments;
    private final Teardown teardown;
    private final DeploymentOrchestrator.Progress progress;

    CleanupStep(DeploymentStore store, DeploymentPlans plans, Claims claims, Leases leases, StepContexts contexts,
                SubDeployments subDeployments, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.claims = claims;
        this.leases = leases;
        this.subDeployments = subDeployments;
        this.teardown = new Teardown(store, plans, contexts, progress);
        this.progress = progress;
    }

    @Override
    public EventType.Function function() {
        return FUNCTION;
    }

    @Override
    public DeploymentStatus workingStatus() {
        return CLEANUP_STARTED;
    }

    @Override
    public boolean yieldsToConcurrentChange() {
        return true;
    }

    /** No: a cleanup's ledger is not lease-guarded, and its failure is recorded as {@code cleanup->failed}. */
    @Override
    public boolean stopsWhenLeaseLost() {
        return false;
    }

    @Override
    public Claim claim(CloudEvent event, Deployment found) {
        if (found.status() == CLEANUP_FINISHED) {
            return Claim.taken(found); // cleaned up before, not deleted yet: only the delete is left
        }
        Optional<Deployment> claimed = claims.takeForCleanup(found, DeploymentEvents.data(event).forced());
        return claimed.map(Claim::taken).orElseGet(() -> Claim.notTaken(store.get(found.id()).orElse(found)));
    }

    @Override
    public List<CloudEvent> work(CloudEvent event, Deployment claimed, StepCall call) {
        Deployment work = claimed;
        List<String> forgotten = List.of();
        if (work.status() == CLEANUP_STARTED) {
            List<Deployment> children = store.listChildren(work.id());
            if (!children.isEmpty()) {
                return subDeployments.destroyChildren(event, work, children);
            }
            boolean force = DeploymentEvents.data(event).forced();
            Teardown.Result result = leases.heartbeating(claimed, () -> teardown.run(claimed, force, call));
            if (!result.clean()) {
                throw result.failure();
            }
            forgotten = result.forgotten();
            // the claim returned the stored record, and a recreate can only be asked before a cleanup claims; a destroy
            // noted while this cleanup ran wins over it: the deployment is deleted instead of deployed again
            if (work.recreateConfig() != null && store.get(work.id()).orElseThrow().destroyRequestedAt() == null) {
                return deployAgain(event, work, work.recreateConfig());
            }
            work = store.transition(work.id(), CLEANUP_STARTED, CLEANUP_FINISHED, Change.builder().clearLease().clearError());
        }
        store.delete(work.id());
        progress.report(work, "deployment destroyed" + (forgotten.isEmpty() ? ""
                : "; forced: " + forgotten.size() + " thing(s) forgotten without being destroyed"));
        List<CloudEvent> out = new ArrayList<>();
        out.add(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_DESTROYED,
                DeploymentEventData.of(work).withForgotten(forgotten), StepEvents.source(FUNCTION.functionName())));
        subDeployments.continueParentCleanup(event, work).ifPresent(out::add);
        return out;
    }

    /** Rally's recreate: cleaned up, the same record goes back to {@code deploy->init} with its new config. */
    private List<CloudEvent> deployAgain(CloudEvent event, Deployment work, String config) {
        Deployment reset = store.transition(work.id(), CLEANUP_STARTED, DEPLOY_INIT, Change.builder().config(config)
                .clearRecreate().clearLease().clearError().clearEngineState().credentials(Credentials.empty())
                .servers(List.of()));
        progress.report(reset, "cleaned up: deploying again (recreate)");
        return List.of(StepEvents.causedBy(event, EventType.DEPLOYMENT_REQUESTED, reset, FUNCTION));
    }
}
