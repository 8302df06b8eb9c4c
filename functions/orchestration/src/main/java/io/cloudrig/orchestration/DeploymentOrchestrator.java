package io.cloudrig.orchestration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.ConfigValidationException;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.spi.ServerRequest;
import io.cloudrig.model.store.DeploymentNotFoundException;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DeploymentStore.Change;
import io.cloudrig.model.store.StatusConflictException;
import io.cloudrig.model.store.StoreResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import io.cloudrig.model.events.DeploymentEventData;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cloudrig.model.DeploymentStatus.*;

/**
 * The plain-Java service behind the three functions ({@code createServers}, {@code deployEngine}, {@code cleanup}).
 * It owns orchestration: status transitions (compare-and-set), leases and heartbeats, resource records through the
 * ledger, sub-deployments, and idempotency. Engines and providers only do the work.
 *
 * <p>Every handler takes one event and returns the events to emit. A duplicate delivery returns the outcome recorded
 * the first time (same ids), so consumers see the same events again and dedupe them; a second delivery never creates
 * a second server. Poison events throw {@link PoisonEventException}.
 */
public final class DeploymentOrchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentOrchestrator.class);
    /** Holds the lease of a deployment the sweeper failed until its failure is published. */
    static final String ANNOUNCER = "sweeper:announcing";
    private static final Set<DeploymentStatus> DESTROYABLE = Set.of(DEPLOY_INIT, DEPLOY_STARTED, DEPLOY_SUBDEPLOY,
            DEPLOY_FINISHED, DEPLOY_FAILED, DEPLOY_INCONSISTENT, CLEANUP_FAILED);

    private final DeploymentStore store;
    private final PluginRegistry registry;
    private final ConfigValidator validator;
    private final FunctionSettings settings;
    private final Clock clock;
    private final Progress progress;

    /** Where progress lines of long work go (the functions log them; the CLI shows them). */
    @FunctionalInterface
    public interface Progress {
        void report(Deployment deployment, String line);
    }

    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings) {
        this(store, registry, settings, Clock.systemUTC(), (d, line) -> LOG.info("[{}] {}", d.name(), line));
    }

    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings, Clock clock,
                               Progress progress) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.validator = new ConfigValidator(registry);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    public DeploymentStore store() {
        return store;
    }

    // ------------------------------------------------------------------ entry points

    /** Routes an event to its function by type. */
    public List<CloudEvent> handle(CloudEvent event) {
        EventType type = DeploymentEvents.type(event);
        EventType.Function fn = type.consumer().orElseThrow(() -> new PoisonEventException("event " + event.getId()
                + ": type '" + type.type() + "' is an outcome, not input for any function"));
        switch (fn) {
            case CREATE_SERVERS:
                return createServers(event);
            case DEPLOY_ENGINE:
                return deployEngine(event);
            default:
                return cleanup(event);
        }
    }

    /** On <i>deployment requested</i>: asks the provider for servers and emits <i>servers created</i>. */
    public List<CloudEvent> createServers(CloudEvent event) {
        return once(event, EventType.DEPLOYMENT_REQUESTED, null, this::doCreateServers);
    }

    /** On <i>servers created</i> or <i>children finished</i>: runs the engine, stores credentials, emits the outcome. */
    public List<CloudEvent> deployEngine(CloudEvent event) {
        return once(event, EventType.SERVERS_CREATED, EventType.CHILDREN_FINISHED, this::doDeployEngine);
    }

    /** On <i>destroy requested</i>: destroys children, runs the engine's cleanup, destroys every recorded resource. */
    public List<CloudEvent> cleanup(CloudEvent event) {
        return once(event, EventType.DESTROY_REQUESTED, null, this::doCleanup);
    }

    @FunctionalInterface
    private interface Step {
        List<CloudEvent> run(CloudEvent event, Deployment deployment);
    }

    private List<CloudEvent> once(CloudEvent event, EventType expected, EventType alsoExpected, Step step) {
        EventType type = DeploymentEvents.type(event);
        if (type != expected && type != alsoExpected) {
            throw new PoisonEventException("event " + event.getId() + ": expected type " + expected.type()
                    + (alsoExpected != null ? " or " + alsoExpected.type() : "") + " but found " + type.type());
        }
        Optional<DeploymentStore.ProcessedEvent> seen = store.processedEvent(event.getId());
        if (seen.isPresent()) {
            LOG.debug("duplicate delivery of {} ({}): re-emitting its recorded outcome", event.getId(), type.type());
            return decode(seen.get().outcome());
        }
        String id = event.getSubject();
        Deployment d = store.get(id).orElse(null);
        if (d == null) {
            if (type == EventType.DESTROY_REQUESTED && store.wasDeleted(id)) {
                // destroyed and deleted already (a late or replayed destroy): nothing left to do
                return List.of();
            }
            throw new PoisonEventException("unknown deployment: no deployment with id '" + id + "' for event "
                    + event.getId());
        }
        List<CloudEvent> out = step.run(event, d);
        store.markEventProcessed(event.getId(), id, encode(out));
        return out;
    }

    // ------------------------------------------------------------------ createServers

    private List<CloudEvent> doCreateServers(CloudEvent event, Deployment d) {
        Optional<Deployment> claimed = claim(d, DEPLOY_INIT, DEPLOY_STARTED);
        if (claimed.isEmpty()) {
            return outcomeOf(event, d);
        }
        Deployment work = claimed.get();
        try (Heartbeat hb = heartbeat(work)) {
            JsonNode config = checkedConfig(work);
            DeployEngineFactory engine = registry.engineFor(config);
            List<Server> servers = List.of();
            Optional<JsonNode> providerConfig = engine.providerConfig(config);
            if (providerConfig.isPresent()) {
                ServerProviderFactory pf = registry.provider(providerConfig.get().get("type").asText());
                ServerRequest req = engine.serverRequest(config);
                report(work, "creating " + req.amount() + " server(s) with " + pf.name());
                ServerProvider provider = pf.create(providerConfig.get(), guardedContext(work, pf.name(), List.of()));
                servers = provider.createServers(req.image(), req.type(), req.amount());
                report(work, servers.size() + " server(s) ready: "
                        + servers.stream().map(Server::address).collect(Collectors.joining(", ")));
            }
            hb.close();
            Deployment handed = handOff(work.id(), servers);
            if (handed.destroyRequestedAt() != null) {
                report(handed, "a destroy was requested while creating servers: destroying instead of deploying");
                return List.of(DeploymentEvents.causedBy(event, EventType.DESTROY_REQUESTED, handed, source("createServers")));
            }
            return List.of(DeploymentEvents.causedBy(event, EventType.SERVERS_CREATED, handed, source("createServers")));
        } catch (RuntimeException e) {
            return leaseLost(work, e) ? List.of() : fail(event, work.id(), DEPLOY_STARTED, e);
        }
    }

    /**
     * Stores the servers and turns this worker's lease into a hand-over deadline for deployEngine. Only a concurrent
     * destroy request (a flag write) can bump the version meanwhile: re-read and write again.
     */
    private Deployment handOff(String id, List<Server> servers) {
        for (int attempt = 0; ; attempt++) {
            Deployment cur = store.get(id).orElseThrow(() -> notFound(id));
            if (cur.status() != DEPLOY_STARTED || !settings.instanceId().equals(cur.leaseOwner())) {
                throw new CloudrigException(ErrorCode.LEASE_LOST, "this worker no longer holds the deployment ("
                        + cur.status().value() + ", lease of " + cur.leaseOwner() + "); not handing its servers on");
            }
            try {
                return store.update(id, cur.version(),
                        Change.builder().servers(servers).lease(settings.instanceId(), handoffDeadline()));
            } catch (StatusConflictException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ deployEngine

    private List<CloudEvent> doDeployEngine(CloudEvent event, Deployment d) {
        EventType type = DeploymentEvents.type(event);
        Optional<Deployment> claimed = type == EventType.CHILDREN_FINISHED
                ? claim(d, DEPLOY_SUBDEPLOY, DEPLOY_STARTED)
                : claim(d, null, DEPLOY_STARTED);
        if (claimed.isEmpty()) {
            return outcomeOf(event, d);
        }
        Deployment work = claimed.get();
        if (type == EventType.CHILDREN_FINISHED) {
            List<Deployment> children = store.listChildren(work.id());
            if (!children.stream().allMatch(c -> c.status() == DEPLOY_FINISHED)) {
                // not all done yet (an early or replayed signal): go back to waiting
                store.transition(work.id(), DEPLOY_STARTED, DEPLOY_SUBDEPLOY,
                        Change.builder().lease(settings.instanceId(), clock.instant().plus(settings.childWait())));
                return List.of();
            }
        }
        try (Heartbeat hb = heartbeat(work)) {
            JsonNode config = checkedConfig(work);
            DeployEngineFactory ef = registry.engineFor(config);
            List<Deployment> children = store.listChildren(work.id()).stream()
                    .filter(c -> c.status() == DEPLOY_FINISHED).collect(Collectors.toList());
            DeployEngine engine = ef.create(config, guardedContext(work, ef.name(), children));
            report(work, "deploying with " + ef.name() + (work.servers().isEmpty() ? "" : " on "
                    + work.servers().size() + " server(s)"));
            DeployOutcome outcome = engine.deploy(work.servers());
            hb.close();
            if (!outcome.isFinished()) {
                return subdeploy(event, work, outcome);
            }
            Deployment done = store.transition(work.id(), DEPLOY_STARTED, DEPLOY_FINISHED,
                    Change.builder().credentials(outcome.credentials()).clearLease().clearError());
            report(done, "deployment finished");
            List<CloudEvent> out = new ArrayList<>();
            out.add(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_FINISHED, done, source("deployEngine")));
            parentAfterChildFinished(event, done).ifPresent(out::add);
            destroyIfRequested(event, done, "deployEngine").ifPresent(out::add);
            return out;
        } catch (StatusConflictException e) {
            // someone else (a destroy, the sweeper) moved the deployment on: our work is void, theirs wins
            LOG.warn("deployment {} moved on while deploying: {}", work.id(), e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            return leaseLost(work, e) ? List.of() : fail(event, work.id(), DEPLOY_STARTED, e);
        }
    }

    /**
     * A step that lost its deployment (a {@link ErrorCode#LEASE_LOST} from its ledger, or any failure once another
     * worker holds the deployment) stops without touching it: whoever holds it now decides, and emits.
     */
    private boolean leaseLost(Deployment d, RuntimeException e) {
        Throwable t = e;
        while (t != null && !(t instanceof CloudrigException && ((CloudrigException) t).code() == ErrorCode.LEASE_LOST)) {
            t = t.getCause();
        }
        boolean held = t == null && stillHeld(d);
        if (held) {
            return false;
        }
        String why = t != null ? t.getMessage() : "another worker holds the deployment now; not recording " + e;
        LOG.warn("deployment {}: {}", d.id(), why);
        report(d, "stopped: " + why);
        return true;
    }

    /** Whether this worker still holds {@code d}: same status, lease owned by this instance. */
    private boolean stillHeld(Deployment d) {
        return store.get(d.id()).filter(cur -> cur.status() == d.status()
                && settings.instanceId().equals(cur.leaseOwner())).isPresent();
    }

    private List<CloudEvent> subdeploy(CloudEvent event, Deployment parent, DeployOutcome outcome) {
        List<Deployment> toStart = new ArrayList<>();
        for (DeployOutcome.ChildSpec spec : outcome.children()) {
            String name = parent.name() + "-" + spec.suffix();
            Deployment child = store.getByName(name).orElse(null);
            if (child == null) {
                child = store.create(Deployment.newDeployment(name, Json.write(spec.config())).toBuilder()
                        .parentId(parent.id()).build());
            } else if (!parent.id().equals(child.parentId())) {
                throw new CloudrigException(ErrorCode.DEPLOYMENT_NAME_TAKEN, "sub-deployment name '" + name
                        + "' is taken by a deployment that is not a child of '" + parent.name() + "'");
            }
            if (child.status() == DEPLOY_INIT) {
                toStart.add(child);
            }
        }
        Change change = Change.builder().lease(settings.instanceId(), clock.instant().plus(settings.childWait()));
        if (outcome.engineState() != null) {
            change.engineState(outcome.engineState());
        }
        Deployment waiting = store.transition(parent.id(), DEPLOY_STARTED, DEPLOY_SUBDEPLOY, change);
        report(waiting, "waiting for " + outcome.children().size() + " sub-deployment(s): "
                + outcome.children().stream().map(c -> parent.name() + "-" + c.suffix()).collect(Collectors.joining(", ")));
        List<CloudEvent> out = new ArrayList<>();
        for (Deployment c : toStart) {
            out.add(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_REQUESTED, c, source("deployEngine")));
        }
        destroyIfRequested(event, waiting, "deployEngine").ifPresent(out::add);
        return out;
    }

    /** When the last child of a waiting parent finished, the parent continues. */
    private Optional<CloudEvent> parentAfterChildFinished(CloudEvent cause, Deployment child) {
        if (child.parentId() == null) {
            return Optional.empty();
        }
        Deployment parent = store.get(child.parentId()).orElse(null);
        if (parent == null || parent.status() != DEPLOY_SUBDEPLOY) {
            return Optional.empty();
        }
        boolean all = store.listChildren(parent.id()).stream().allMatch(c -> c.status() == DEPLOY_FINISHED);
        return all ? Optional.of(DeploymentEvents.causedBy(cause, EventType.CHILDREN_FINISHED, parent,
                source("deployEngine"))) : Optional.empty();
    }

    // ------------------------------------------------------------------ cleanup

    private List<CloudEvent> doCleanup(CloudEvent event, Deployment d) {
        Deployment work;
        if (d.status() == CLEANUP_FINISHED) {
            work = d;
        } else {
            Optional<Deployment> claimed = DESTROYABLE.contains(d.status())
                    ? claimForCleanup(d) : claim(d, null, CLEANUP_STARTED);
            if (claimed.isEmpty()) {
                return outcomeOf(event, store.get(d.id()).orElse(d));
            }
            work = claimed.get();
        }
        try {
            if (work.status() == CLEANUP_STARTED) {
                List<Deployment> children = store.listChildren(work.id());
                if (!children.isEmpty()) {
                    return destroyChildren(event, work, children);
                }
                try (Heartbeat hb = heartbeat(work)) {
                    runEngineCleanup(work);
                    destroyResources(work);
                }
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
                work = store.transition(work.id(), CLEANUP_STARTED, CLEANUP_FINISHED,
                        Change.builder().clearLease().clearError());
            }
            store.delete(work.id());
            report(work, "deployment destroyed");
            List<CloudEvent> out = new ArrayList<>();
            out.add(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_DESTROYED, work, source("cleanup")));
            parentAfterChildDestroyed(event, work).ifPresent(out::add);
            return out;
        } catch (StatusConflictException e) {
            LOG.warn("deployment {} moved on during cleanup: {}", work.id(), e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            return fail(event, work.id(), CLEANUP_STARTED, e);
        }
    }

    /** Rally's recreate: cleaned up, the same record goes back to {@code deploy->init} with its new config. */
    private List<CloudEvent> deployAgain(CloudEvent event, Deployment work, String config) {
        Deployment reset = store.transition(work.id(), CLEANUP_STARTED, DEPLOY_INIT, Change.builder().config(config)
                .clearRecreate().clearLease().clearError().clearEngineState().credentials(Credentials.empty())
                .servers(List.of()));
        report(reset, "cleaned up: deploying again (recreate)");
        return List.of(DeploymentEvents.causedBy(event, EventType.DEPLOYMENT_REQUESTED, reset, source("cleanup")));
    }

    /**
     * Takes a destroyable deployment for cleanup. A deploy step running right now elsewhere (live lease, not a
     * hand-over) is not destroyed underneath: whatever it creates after cleanup listed the records would escape it.
     * The request is noted on the deployment instead; that step (or the sweeper, if it dies) emits the destroy again
     * when it ends.
     *
     * @return the claimed deployment; empty when someone else moved it on or the destroy was deferred
     */
    private Optional<Deployment> claimForCleanup(Deployment d) {
        Deployment cur = d;
        for (int attempt = 0; attempt < 5 && cur != null; attempt++) {
            try {
                if (cur.status() == DEPLOY_STARTED && leaseLive(cur) && !isHandoff(cur)
                        && !settings.instanceId().equals(cur.leaseOwner())) {
                    if (cur.destroyRequestedAt() == null) {
                        cur = store.update(cur.id(), cur.version(), Change.builder().destroyRequested(clock.instant()));
                    }
                    report(cur, "destroy requested while a deploy step runs on " + cur.leaseOwner()
                            + ": it starts when that step ends");
                    return Optional.empty();
                }
                if (!DESTROYABLE.contains(cur.status())) {
                    return Optional.empty();
                }
                return Optional.of(store.transition(cur.id(), cur.status(), CLEANUP_STARTED,
                        Change.builder().lease(settings.instanceId(), leaseDeadline()).clearError().clearDestroyRequested()));
            } catch (StatusConflictException e) {
                cur = store.get(d.id()).orElse(null); // the deploy step moved on (or wrote) meanwhile: decide again
            }
        }
        return Optional.empty();
    }

    /** The destroy a deploy step owes when one was requested while it ran ({@link #claimForCleanup}). */
    private Optional<CloudEvent> destroyIfRequested(CloudEvent cause, Deployment d, String function) {
        if (d.destroyRequestedAt() == null) {
            return Optional.empty();
        }
        report(d, "running the destroy requested while deploying");
        return Optional.of(DeploymentEvents.causedBy(cause, EventType.DESTROY_REQUESTED, d, source(function)));
    }

    private List<CloudEvent> destroyChildren(CloudEvent event, Deployment parent, List<Deployment> children) {
        store.update(parent.id(), store.get(parent.id()).orElseThrow().version(),
                Change.builder().lease(settings.instanceId(), clock.instant().plus(settings.childWait())));
        report(parent, "destroying " + children.size() + " sub-deployment(s) first");
        List<CloudEvent> out = new ArrayList<>();
        for (Deployment c : children) {
            out.add(DeploymentEvents.causedBy(event, EventType.DESTROY_REQUESTED, c, source("cleanup")));
        }
        return out;
    }

    private Optional<CloudEvent> parentAfterChildDestroyed(CloudEvent cause, Deployment child) {
        if (child.parentId() == null) {
            return Optional.empty();
        }
        Deployment parent = store.get(child.parentId()).orElse(null);
        if (parent == null || parent.status() != CLEANUP_STARTED || !store.listChildren(parent.id()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(DeploymentEvents.causedBy(cause, EventType.DESTROY_REQUESTED, parent, source("cleanup")));
    }

    private void runEngineCleanup(Deployment d) {
        JsonNode config = d.configJson();
        DeployEngineFactory ef = registry.engineFor(config);
        if (!validator.validate(config).isEmpty()) {
            report(d, "config is invalid: skipping " + ef.name() + " cleanup, destroying recorded resources only");
            return;
        }
        report(d, "cleaning up with " + ef.name());
        ef.create(config, context(d, ef.name(), List.of())).cleanup(d.servers());
    }

    private void destroyResources(Deployment d) {
        List<ResourceRecord> records = store.listResources(d.id());
        if (records.isEmpty()) {
            return;
        }
        JsonNode config = d.configJson();
        DeployEngineFactory ef = registry.engineFor(config);
        Optional<JsonNode> providerConfig = ef.providerConfig(config);
        Set<String> owners = records.stream().map(ResourceRecord::owner).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String owner : owners) {
            ServerProviderFactory pf = registry.provider(owner);
            JsonNode pc = providerConfig.filter(c -> pf.name().equals(registry.provider(c.get("type").asText()).name()))
                    .orElseThrow(() -> new CloudrigException(ErrorCode.INVALID_CONFIG, "resources owned by " + owner
                            + " remain but the deployment config has no " + owner + " provider to destroy them"));
            report(d, "destroying servers with " + pf.name());
            pf.create(pc, context(d, pf.name(), List.of())).destroyServers();
        }
    }

    // ------------------------------------------------------------------ sweeper

    /**
     * Finds deployments whose function died (lease expired in {@code deploy->started}, {@code deploy->subdeploy} or
     * {@code cleanup->started}) and fails them, so nothing stays started forever; destroy then removes whatever was
     * recorded. A failure the sweeper made is announced until the binding confirms it published the events
     * ({@link #announced}): each sweep repeats the announcements still pending, with the same event ids.
     *
     * @return the outcome events to emit
     */
    public List<CloudEvent> sweep() {
        List<CloudEvent> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Deployment pending : store.findLeasesHeldBy(ANNOUNCER, now)) {
            out.addAll(announcement(pending));
        }
        for (Deployment d : store.findExpiredLeases(now)) {
            DeploymentStatus to = io.cloudrig.model.StatusTransitions.failureStatusFor(d.status());
            String msg = "no progress: the function working on it (" + d.leaseOwner() + ") stopped; lease expired at "
                    + d.leaseExpiresAt();
            try {
                Deployment failed = store.transition(d.id(), d.status(), to, Change.builder()
                        .error(ErrorCode.TIMEOUT, msg).lease(ANNOUNCER, now).leaseExpiredBefore(now).clearRecreate());
                LOG.warn("sweeper: {} {} -> {}: {}", d.name(), d.status().value(), to.value(), msg);
                out.addAll(announcement(failed));
                failParent(null, failed).ifPresent(out::add);
            } catch (StatusConflictException e) {
                // it moved on meanwhile, or its lease was renewed: not stuck after all
            }
        }
        return out;
    }

    /**
     * {@link #sweep}, publishing what it says through {@code publisher}, then marking it {@link #announced} — only
     * once every publish succeeded, else the next sweep says it again. What the bindings call.
     *
     * @return the events published
     */
    public List<CloudEvent> sweep(EventPublisher publisher) {
        List<CloudEvent> out = sweep();
        out.forEach(publisher::publish);
        announced(out);
        return out;
    }

    /** The binding published what {@link #sweep} returned: those announcements are done. */
    public void announced(Collection<CloudEvent> published) {
        published.stream().map(CloudEvent::getSubject).distinct().forEach(id -> store.clearLease(id, ANNOUNCER));
    }

    /** What the sweeper says of a deployment it failed: same ids every time it is said. */
    private List<CloudEvent> announcement(Deployment failed) {
        EventType t = failed.status() == CLEANUP_FAILED ? EventType.CLEANUP_FAILED : EventType.DEPLOYMENT_FAILED;
        List<CloudEvent> out = new ArrayList<>();
        out.add(sweeperEvent(t, failed));
        if (failed.destroyRequestedAt() != null && failed.status() == DEPLOY_FAILED) {
            report(failed, "running the destroy requested while deploying");
            out.add(sweeperEvent(EventType.DESTROY_REQUESTED, failed));
        }
        return out;
    }

    private CloudEvent sweeperEvent(EventType type, Deployment d) {
        String id = UUID.nameUUIDFromBytes(("sweeper|" + type.type() + "|" + d.id() + "|" + d.errorMessage())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return DeploymentEvents.build(type, DeploymentEventData.of(d), id, source("sweeper"));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Takes the deployment for this worker: a status change {@code from → to} (when {@code from} is given and
     * current), or a lease take-over when it is already in {@code to} and its lease expired or is a hand-over.
     */
    private Optional<Deployment> claim(Deployment d, DeploymentStatus from, DeploymentStatus to) {
        try {
            if (from != null && d.status() == from) {
                return Optional.of(store.transition(d.id(), from, to,
                        Change.builder().lease(settings.instanceId(), leaseDeadline()).clearError()));
            }
            if (d.status() == to && (!leaseLive(d) || settings.instanceId().equals(d.leaseOwner()) || isHandoff(d))) {
                return Optional.of(store.update(d.id(), d.version(),
                        Change.builder().lease(settings.instanceId(), leaseDeadline())));
            }
        } catch (StatusConflictException e) {
            LOG.debug("lost the claim on {}: {}", d.id(), e.getMessage());
        }
        return Optional.empty();
    }

    /** A lease that outlives a normal lease is a hand-over deadline between two functions, not a live worker. */
    private boolean isHandoff(Deployment d) {
        return d.leaseExpiresAt() != null
                && d.leaseExpiresAt().isAfter(clock.instant().plus(settings.lease()).plusSeconds(1));
    }

    private boolean leaseLive(Deployment d) {
        return d.leaseExpiresAt() != null && d.leaseExpiresAt().isAfter(clock.instant());
    }

    private Instant leaseDeadline() {
        return clock.instant().plus(settings.lease());
    }

    private Instant handoffDeadline() {
        return clock.instant().plus(settings.handoff());
    }

    /** What to emit for an event that finds its deployment already past (or in the middle of) the step. */
    private List<CloudEvent> outcomeOf(CloudEvent event, Deployment d) {
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
        return List.of(DeploymentEvents.causedBy(event, t, d, source("functions")));
    }

    private List<CloudEvent> fail(CloudEvent event, String id, DeploymentStatus current, RuntimeException e) {
        ErrorCode code = e instanceof CloudrigException ? ((CloudrigException) e).code() : ErrorCode.INTERNAL;
        String message = e instanceof CloudrigException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        DeploymentStatus to = io.cloudrig.model.StatusTransitions.failureStatusFor(current);
        if (!(e instanceof CloudrigException)) {
            LOG.error("deployment {}: unexpected failure in {}", id, current.value(), e);
        }
        Deployment failed;
        try {
            // a failed cleanup ends a recreate too: the user runs recreate (or destroy) again
            failed = store.transition(id, current, to, Change.builder().error(code, message).clearLease().clearRecreate());
        } catch (StatusConflictException conflict) {
            LOG.warn("deployment {} failed ({}) but had moved on: {}", id, message, conflict.getMessage());
            return List.of();
        }
        progress.report(failed, "failed: " + code + ": " + message);
        EventType t = to == CLEANUP_FAILED ? EventType.CLEANUP_FAILED : EventType.DEPLOYMENT_FAILED;
        List<CloudEvent> out = new ArrayList<>();
        out.add(DeploymentEvents.causedBy(event, t, failed, source("functions")));
        failParent(event, failed).ifPresent(out::add);
        if (to == DEPLOY_FAILED) {
            destroyIfRequested(event, failed, "functions").ifPresent(out::add);
        }
        return out;
    }

    /**
     * A child that failed to deploy fails its waiting parent. Without a cause it is the sweeper's doing: the parent's
     * failure is then announced until published, like the child's ({@link #sweep}).
     */
    private Optional<CloudEvent> failParent(CloudEvent cause, Deployment child) {
        if (child.parentId() == null || child.status() != DEPLOY_FAILED) {
            return Optional.empty();
        }
        Deployment parent = store.get(child.parentId()).orElse(null);
        if (parent == null || parent.status() != DEPLOY_SUBDEPLOY) {
            return Optional.empty();
        }
        Change change = Change.builder().error(ErrorCode.PROVIDER_FAILED, "sub-deployment '" + child.name()
                + "' failed: " + child.errorMessage());
        if (cause == null) {
            change.lease(ANNOUNCER, clock.instant()); // the sweeper's verdict: announced like the child's
        } else {
            change.clearLease();
        }
        try {
            Deployment failed = store.transition(parent.id(), DEPLOY_SUBDEPLOY, DEPLOY_FAILED, change);
            return Optional.of(cause == null ? sweeperEvent(EventType.DEPLOYMENT_FAILED, failed)
                    : DeploymentEvents.causedBy(cause, EventType.DEPLOYMENT_FAILED, failed, source("functions")));
        } catch (StatusConflictException e) {
            return Optional.empty();
        }
    }

    private JsonNode checkedConfig(Deployment d) {
        JsonNode config = d.configJson();
        List<io.cloudrig.model.config.ConfigError> errors = validator.validate(config);
        if (!errors.isEmpty()) {
            throw new ConfigValidationException(errors);
        }
        return config;
    }

    /**
     * The context of a deploy step: its ledger begins a new resource only while this worker still holds {@code d}
     * (same status, lease owner this instance): one strongly consistent read per resource.
     */
    private PluginContext guardedContext(Deployment d, String owner, List<Deployment> children) {
        ResourceLedger ledger = new LeaseGuardedLedger(new StoreResourceLedger(store, d.id(), owner), () -> stillHeld(d));
        return PluginContexts.of(d, ledger, line -> report(d, line), children, registry, settings.maxParallelism(),
                () -> stillHeld(d), clock);
    }

    private PluginContext context(Deployment d, String owner, List<Deployment> children) {
        return PluginContexts.of(d, new StoreResourceLedger(store, d.id(), owner), line -> report(d, line), children,
                registry, settings.maxParallelism(), () -> stillHeld(d), clock);
    }

    private void report(Deployment d, String line) {
        progress.report(d, line);
    }

    private Heartbeat heartbeat(Deployment d) {
        return new Heartbeat(store, d.id(), d.status(), settings.instanceId(), settings.lease(), clock);
    }

    private static String source(String function) {
        return "/cloudrig/functions/" + function;
    }

    private static String encode(List<CloudEvent> events) {
        List<String> json = events.stream().map(DeploymentEvents::toJson).collect(Collectors.toList());
        return Json.write(json);
    }

    private static List<CloudEvent> decode(String outcome) {
        if (outcome == null) {
            return List.of();
        }
        try {
            List<String> json = Json.MAPPER.readValue(outcome, new TypeReference<List<String>>() {
            });
            return json.stream().map(DeploymentEvents::parse).collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "recorded outcome is not valid JSON");
        }
    }

    static DeploymentNotFoundException notFound(String id) {
        return new DeploymentNotFoundException(id);
    }
}
