package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_SUBDEPLOY;

/**
 * On <i>servers created</i> (the hand-over from createServers) or <i>children finished</i> (a parent's children are
 * done): runs the engine on the stored servers. The engine finishes ({@code deploy->finished} with its credentials,
 * and the waiting parent, if any, continues) or asks for sub-deployments ({@link SubDeployments}).
 */
final class DeployEngineStep implements Step {
    private static final EventType.Function FUNCTION = EventType.Function.DEPLOY_ENGINE;
    private static final String FINISHED_LINE = "deployment finished";

    private final DeploymentStore store;
    private final DeploymentPlans plans;
    private final Claims claims;
    private final Leases leases;
    private final StepContexts contexts;
    private final SubDeployments subDeployments;
    private final StepEvents events;
    private final DeploymentOrchestrator.Progress progress;

    DeployEngineStep(DeploymentStore store, DeploymentPlans plans, Claims claims, Leases leases, StepContexts contexts,
                     SubDeployments subDeployments, StepEvents events, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plans = plans;
        this.claims = claims;
        this.leases = leases;
        this.contexts = contexts;
        this.subDeployments = subDeployments;
        this.events = events;
        this.progress = progress;
    }

    @Override
    public EventType.Function function() {
        return FUNCTION;
    }

    @Override
    public DeploymentStatus workingStatus() {
        return DEPLOY_STARTED;
    }

    @Override
    public boolean yieldsToConcurrentChange() {
        return true;
    }

    @Override
    public boolean stopsWhenLeaseLost() {
        return true;
    }

    /**
     * The hand-over (or an expired lease) in {@code deploy->started}; on <i>children finished</i>,
     * {@code deploy->subdeploy → deploy->started}, back to waiting when not all children are done yet (an early or
     * replayed signal: the last child's own signal continues the parent).
     */
    @Override
    public Claim claim(CloudEvent event, Deployment found) {
        boolean childrenDone = DeploymentEvents.type(event) == EventType.CHILDREN_FINISHED;
        // the first call's "deploying with" line is kept with the claim's write (one request less than on its own)
        String line = childrenDone ? null : deployingLine(found);
        Optional<Deployment> claimed = claims.take(found, childrenDone ? DEPLOY_SUBDEPLOY : null, DEPLOY_STARTED, line);
        if (claimed.isEmpty()) {
            return Claim.notTaken(found);
        }
        if (line != null) {
            progress.reportKept(claimed.get(), line);
        }
        if (childrenDone && !subDeployments.allFinished(claimed.get())) {
            return Claim.notTaken(subDeployments.backToWaiting(claimed.get())); // waiting again: nothing to emit
        }
        return Claim.taken(claimed.get());
    }

    /** What the step says before its engine runs; null when there is no plan ({@link #deploy} fails with why). */
    private String deployingLine(Deployment d) {
        try {
            return "deploying with " + plans.toDeploy(d).engine().name() + (d.servers().isEmpty() ? "" : " on "
                    + d.servers().size() + " server(s)");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<CloudEvent> work(CloudEvent event, Deployment claimed, StepCall call) {
        boolean lineKept = DeploymentEvents.type(event) != EventType.CHILDREN_FINISHED; // by the claim (same plan)
        DeployOutcome outcome = leases.heartbeating(claimed, () -> deploy(claimed, call, lineKept));
        if (!outcome.isFinished()) {
            return subDeployments.start(event, claimed, outcome);
        }
        Deployment done = store.transition(claimed.id(), DEPLOY_STARTED, DEPLOY_FINISHED, Change.builder()
                .credentials(outcome.credentials()).clearLease().clearError().progress(FINISHED_LINE));
        progress.reportKept(done, FINISHED_LINE);
        List<CloudEvent> out = new ArrayList<>();
        out.add(StepEvents.causedBy(event, EventType.DEPLOYMENT_FINISHED, done, FUNCTION));
        subDeployments.continueParent(event, done).ifPresent(out::add);
        events.owedDestroy(event, done, FUNCTION.functionName()).ifPresent(out::add);
        return out;
    }

    /** @param lineKept whether the claim kept the "deploying with" line already */
    private DeployOutcome deploy(Deployment work, StepCall call, boolean lineKept) {
        DeploymentPlan plan = plans.toDeploy(work);
        DeployEngineFactory factory = plan.engine();
        // the children are looked up only by an engine that asks (MultihostEngine, LxcEngine): one query less for the rest
        DeployEngine engine = factory.create(plan.config(), contexts.forDeploy(work, factory.name(),
                () -> subDeployments.finished(work), call));
        if (!lineKept) {
            progress.report(work, "deploying with " + factory.name() + (work.servers().isEmpty() ? "" : " on "
                    + work.servers().size() + " server(s)"));
        }
        return engine.deploy(work.servers());
    }
}
