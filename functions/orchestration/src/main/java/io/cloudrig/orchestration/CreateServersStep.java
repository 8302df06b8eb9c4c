package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerRequest;
import io.cloudrig.model.store.DeploymentNotFoundException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import io.cloudrig.orchestration.DeploymentPlan.ProviderPlan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;

/**
 * On <i>deployment requested</i>: claims {@code deploy->init → deploy->started}, asks the plan's provider for its
 * servers (it records each before making it), stores them and turns the lease into a hand-over deadline for
 * deployEngine. Emits <i>servers created</i>, or the <i>destroy requested</i> it owes when a destroy came meanwhile.
 *
 * <p>It does not yield on a lost compare-and-set: the hand-over re-reads and decides itself ({@code LEASE_LOST} when
 * the deployment moved on), and a conflict it cannot resolve is a failure of the step.
 */
final class CreateServersStep implements Step {
    private static final EventType.Function FUNCTION = EventType.Function.CREATE_SERVERS;

    private final DeploymentStore store;
    private final DeploymentPlans plans;
    private final Claims claims;
    private final Leases leases;
    private final StepContexts contexts;
    private final StepEvents events;
    private final DeploymentOrchestrator.Progress progress;

    CreateServersStep(DeploymentStore store, DeploymentPlans plans, Claims claims, Leases leases, StepContexts contexts,
                      StepEvents events, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plans = plans;
        this.claims = claims;
        this.leases = leases;
        this.contexts = contexts;
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
        return false;
    }

    @Override
    public boolean stopsWhenLeaseLost() {
        return true;
    }

    @Override
    public Claim claim(CloudEvent event, Deployment found) {
        return claims.take(found, DEPLOY_INIT, DEPLOY_STARTED).map(Claim::taken).orElseGet(() -> Claim.notTaken(found));
    }

    /** A <i>deployment requested</i> whose deployment still holds its requester's lease: no function took it yet. */
    @Override
    public Optional<Deployment> claimUnhandled(CloudEvent event) {
        if (DeploymentEvents.type(event) != EventType.DEPLOYMENT_REQUESTED) {
            return Optional.empty();
        }
        return claims.takeFromRequester(event.getSubject());
    }

    @Override
    public List<CloudEvent> work(CloudEvent event, Deployment claimed, StepCall call) {
        List<Server> servers = leases.heartbeating(claimed, () -> createServers(claimed, call));
        Deployment handed = handOff(claimed, servers);
        if (handed.destroyRequestedAt() != null) {
            progress.report(handed, "a destroy was requested while creating servers: destroying instead of deploying");
            return List.of(events.owedDestroy(event, handed, FUNCTION.functionName()).orElseThrow());
        }
        return List.of(events.handedOn(event, EventType.SERVERS_CREATED, handed, FUNCTION));
    }

    /** The provider's servers; none when the engine needs none (an existing cloud). */
    private List<Server> createServers(Deployment work, StepCall call) {
        DeploymentPlan plan = plans.toDeploy(work);
        if (plan.provider().isEmpty()) {
            return List.of();
        }
        ProviderPlan p = plan.provider().get();
        ServerRequest req = plan.serverRequest().orElseThrow();
        progress.report(work, "creating " + req.amount() + " server(s) with " + p.factory().name());
        ServerProvider provider = p.factory().create(p.config(), contexts.forDeploy(work, p.factory().name(), List::of,
                call));
        List<Server> servers = provider.createServers(req.image(), req.type(), req.amount());
        progress.report(work, servers.size() + " server(s) ready: "
                + servers.stream().map(Server::address).collect(Collectors.joining(", ")));
        return servers;
    }

    /**
     * Stores the servers and turns this worker's lease into a hand-over deadline for deployEngine. The first write
     * expects the version of the claim (nothing wrote meanwhile: still {@code deploy->started} under this worker's
     * lease), with no read before it. Only a heartbeat or a concurrent destroy request (a flag write) can bump the
     * version meanwhile: then re-read, check the lease and write again.
     */
    private Deployment handOff(Deployment claimed, List<Server> servers) {
        String id = claimed.id();
        Deployment cur = claimed;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                cur = store.get(id).orElseThrow(() -> new DeploymentNotFoundException(id));
            }
            if (cur.status() != DEPLOY_STARTED || !leases.isMine(cur)) {
                throw new CloudrigException(ErrorCode.LEASE_LOST, "this worker no longer holds the deployment ("
                        + cur.status().value() + ", lease of " + cur.leaseOwner() + "); not handing its servers on");
            }
            try {
                return store.update(id, cur.version(),
                        Change.builder().servers(servers).lease(leases.owner(), leases.handoffDeadline()));
            } catch (StatusConflictException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }
}
