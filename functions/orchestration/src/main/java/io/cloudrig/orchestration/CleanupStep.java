package io.cloudrig.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FINISHED;
import static io.cloudrig.model.DeploymentStatus.CLEANUP_STARTED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;

/**
 * On <i>destroy requested</i>: claims the deployment for {@code cleanup->started} (or notes the request while a deploy
 * step runs elsewhere, {@link Claims#takeForCleanup}); destroys its children first ({@link SubDeployments}), then runs
 * the engine's cleanup and destroys every recorded resource with its provider. Then the record is deleted (a
 * tombstone stays), or, for Rally's recreate, it goes back to {@code deploy->init} with its new config.
 */
final class CleanupStep implements Step {
    private static final EventType.Function FUNCTION = EventType.Function.CLEANUP;

    private final DeploymentStore store;
    private final DeploymentPlans plans;
    private final Claims claims;
    private final Leases leases;
    private final StepContexts contexts;
    private final SubDeployments subDeployments;
    private final DeploymentOrchestrator.Progress progress;

    CleanupStep(DeploymentStore store, DeploymentPlans plans, Claims claims, Leases leases, StepContexts contexts,
                SubDeployments subDeployments, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plans = plans;
        this.claims = claims;
        this.leases = leases;
        this.contexts = contexts;
        this.subDeployments = subDeployments;
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
        Optional<Deployment> claimed = Claims.destroyable(found.status())
                ? claims.takeForCleanup(found) : claims.take(found, null, CLEANUP_STARTED);
        return claimed.map(Claim::taken).orElseGet(() -> Claim.notTaken(store.get(found.id()).orElse(found)));
    }

    @Override
    public List<CloudEvent> work(CloudEvent event, Deployment claimed) {
        Deployment work = claimed;
        if (work.status() == CLEANUP_STARTED) {
            List<Deployment> children = store.listChildren(work.id());
            if (!children.isEmpty()) {
                return subDeployments.destroyChildren(event, work, children);
            }
            leases.heartbeating(claimed, () -> cleanUp(claimed));
            List<ResourceRecord> left = store.listResources(work.id());
            if (!left.isEmpty()) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, left.size()
                        + " resource record(s) remain after cleanup: " + left.stream().map(r -> r.owner() + "/"
                        + r.resourceId()).collect(Collectors.joining(", ")));
            }
            if (work.recreateConfig() != null) {
                // the claim returned the stored record, and a recreate can only be asked before a cleanup claims
                return deployAgain(event, work, work.recreateConfig());
            }
            work = store.transition(work.id(), CLEANUP_STARTED, CLEANUP_FINISHED, Change.builder().clearLease().clearError());
        }
        store.delete(work.id());
        progress.report(work, "deployment destroyed");
        List<CloudEvent> out = new ArrayList<>();
        out.add(StepEvents.causedBy(event, EventType.DEPLOYMENT_DESTROYED, work, FUNCTION));
        subDeployments.continueParentCleanup(event, work).ifPresent(out::add);
        return out;
    }

    /** The engine's cleanup (skipped when the stored config is no longer valid), then every recorded resource. */
    private void cleanUp(Deployment d) {
        DeploymentPlan plan = plans.toCleanUp(d);
        if (!plan.valid()) {
            progress.report(d, "config is invalid: skipping " + plan.engine().name()
                    + " cleanup, destroying recorded resources only");
        } else {
            progress.report(d, "cleaning up with " + plan.engine().name());
            plan.engine().create(plan.config(), contexts.forCleanup(d, plan.engine().name())).cleanup(d.servers());
        }
        destroyResources(d, plan);
    }

    /** Each owner of a remaining record destroys what it recorded: the plan's provider, built with its config. */
    private void destroyResources(Deployment d, DeploymentPlan plan) {
        List<ResourceRecord> records = store.listResources(d.id());
        Set<String> owners = records.stream().map(ResourceRecord::owner).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String owner : owners) {
            ServerProviderFactory provider = plans.plugins().provider(owner);
            JsonNode config = plan.configOf(provider).orElseThrow(() -> new CloudrigException(ErrorCode.INVALID_CONFIG,
                    "resources owned by " + owner + " remain but the deployment config has no " + owner
                            + " provider to destroy them"));
            progress.report(d, "destroying servers with " + provider.name());
            provider.create(config, contexts.forCleanup(d, provider.name())).destroyServers();
        }
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
