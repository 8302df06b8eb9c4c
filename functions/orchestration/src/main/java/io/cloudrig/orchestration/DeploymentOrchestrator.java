package io.cloudrig.orchestration;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plain-Java service behind the three functions ({@code createServers}, {@code deployEngine}, {@code cleanup}) and
 * the sweeper; the Funqy functions, the Kafka runtimes and the SQS handler are thin over it. It owns orchestration:
 * status transitions (compare-and-set), claims, leases and heartbeats, resource records through the ledger,
 * sub-deployments, and idempotency. Engines and providers only do the work.
 *
 * <p>Every function takes one event and returns the events to emit. A duplicate delivery returns the outcome recorded
 * the first time (same ids), so consumers see the same events again and dedupe them; a second delivery never creates
 * a second server. Poison events throw {@link PoisonEventException}.
 *
 * <p>Inside: a {@link StepRunner} runs each {@link Step} ({@link CreateServersStep}, {@link DeployEngineStep},
 * {@link CleanupStep}, whose plugins' part is {@link Teardown}) with what they share; {@link SubDeployments} is the
 * parent/child saga, {@link Sweeper} the sweeper. A requester stores and publishes through {@link DeploymentRequests}.
 * docs/design/orchestration.md tells the design.
 */
public final class DeploymentOrchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentOrchestrator.class);

    private final DeploymentStore store;
    private final StepRunner runner;
    private final Map<EventType.Function, Step> steps = new EnumMap<>(EventType.Function.class);
    private final Sweeper sweeper;
    private final RequestIntake intake;

    /**
     * Where progress lines of long work go (the functions log them); each is also kept in the store, masked, the last
     * {@value DeploymentStore#PROGRESS_KEPT} per deployment ({@link DeploymentStore#progress}: what the CLI shows).
     */
    @FunctionalInterface
    public interface Progress {
        void report(Deployment deployment, String line);

        /**
         * A line the store keeps already, written with a deployment write ({@code Change.progress}): only passed on
         * (logged), not kept a second time. By default the same as {@link #report}.
         */
        default void reportKept(Deployment deployment, String line) {
            report(deployment, line);
        }
    }

    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings) {
        this(store, registry, settings, Clock.systemUTC(), (d, line) -> LOG.info("[{}] {}", d.name(), line));
    }

    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings, Clock clock,
                                  Progress progress) {
        this(store, registry, settings, clock, progress, Host.service());
    }

    /** The functions on {@code host}: configs it cannot run are refused when requested. */
    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings, Host host) {
        this(store, registry, settings, Clock.systemUTC(), (d, line) -> LOG.info("[{}] {}", d.name(), line), host);
    }

    /**
     * @param host where the functions run: a config naming a plugin that cannot run there, or whose single call blocks
     *             past the time limit of its function there, is refused when requested (INVALID_CONFIG)
     */
    public DeploymentOrchestrator(DeploymentStore store, PluginRegistry registry, FunctionSettings settings, Clock clock,
                                  Progress progress, Host host) {
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(progress, "progress");
        progress = new RecordedProgress(store, progress);
        DeploymentPlans plans = new DeploymentPlans(registry, host);
        Leases leases = new Leases(store, settings, clock, progress);
        Claims claims = new Claims(store, leases, progress);
        StepContexts contexts = new StepContexts(store, registry, settings, clock, leases, progress);
        StepEvents events = new StepEvents(store, progress);
        SubDeployments subDeployments = new SubDeployments(store, leases, events, progress);
        Continuations continuations = new Continuations(store, leases, events, settings, progress);
        this.runner = new StepRunner(store, leases, subDeployments, events, continuations, progress);
        add(new CreateServersStep(store, plans, claims, leases, contexts, events, progress));
        add(new DeployEngineStep(store, plans, claims, leases, contexts, subDeployments, events, progress));
        add(new CleanupStep(store, plans, claims, leases, contexts, subDeployments, progress));
        this.sweeper = new Sweeper(store, leases, subDeployments, progress);
        this.intake = new RequestIntake(store, plans, runner, steps.get(EventType.Function.CREATE_SERVERS),
                steps.get(EventType.Function.CLEANUP), leases, settings, host, progress);
    }

    /** Whether a self-contained request must carry its secrets sealed here ({@link FunctionSettings#requireSealedRequests}). */
    public boolean requiresSealedRequests() {
        return intake.requiresSealed();
    }

    private void add(Step step) {
        steps.put(step.function(), step);
    }

    public DeploymentStore store() {
        return store;
    }

    /** Routes an event to its function by type. */
    public List<CloudEvent> handle(CloudEvent event) {
        return handle(event, Deadline.none());
    }

    /** {@link #handle(CloudEvent)} in a function call that must hand its step on by {@code deadline}. */
    public List<CloudEvent> handle(CloudEvent event, Deadline deadline) {
        if (DeploymentRequestEvents.isSelfContained(event)) {
            return intake.take(event, deadline);
        }
        EventType type = DeploymentEvents.type(event);
        EventType.Function fn = type.consumer().orElseThrow(() -> new PoisonEventException("event " + event.getId()
                + ": type '" + type.type() + "' is an outcome, not input for any function"));
        return runner.run(steps.get(fn), event, deadline);
    }

    /**
     * On <i>deployment requested</i>: asks the provider for servers and emits <i>servers created</i>. A self-contained
     * request ({@link DeploymentRequestEvents}: a name and a config, or a destroy by name) is checked, stored and run
     * here too, or answered with <i>rejected</i>.
     */
    public List<CloudEvent> createServers(CloudEvent event) {
        return createServers(event, Deadline.none());
    }

    /**
     * {@link #createServers(CloudEvent)} in a function call that ends at {@code deadline} (a Lambda's): when the
     * plugins' kit reaches it, the step goes on in a new call (it emits a continuation to itself) instead of failing.
     */
    public List<CloudEvent> createServers(CloudEvent event, Deadline deadline) {
        if (DeploymentRequestEvents.isSelfContained(event)) {
            return intake.take(event, deadline); // a create, or a destroy by name sent to the createServers queue
        }
        return runner.run(steps.get(EventType.Function.CREATE_SERVERS), event, deadline);
    }

    /** On <i>servers created</i> or <i>children finished</i>: runs the engine, stores credentials, emits the outcome. */
    public List<CloudEvent> deployEngine(CloudEvent event) {
        return deployEngine(event, Deadline.none());
    }

    /** {@link #deployEngine(CloudEvent)} in a function call that ends at {@code deadline} (see {@link #createServers}). */
    public List<CloudEvent> deployEngine(CloudEvent event, Deadline deadline) {
        return runner.run(steps.get(EventType.Function.DEPLOY_ENGINE), event, deadline);
    }

    /** On <i>destroy requested</i>: destroys children, runs the engine's cleanup, destroys every recorded resource. */
    public List<CloudEvent> cleanup(CloudEvent event) {
        return cleanup(event, Deadline.none());
    }

    /** {@link #cleanup(CloudEvent)} in a function call that ends at {@code deadline} (see {@link #createServers}). */
    public List<CloudEvent> cleanup(CloudEvent event, Deadline deadline) {
        if (DeploymentRequestEvents.isSelfContained(event)) {
            return intake.take(event, deadline);
        }
        return runner.run(steps.get(EventType.Function.CLEANUP), event, deadline);
    }

    /**
     * Fails the deployments whose function died (their lease expired), so nothing stays started forever, publishes the
     * requests their requester did not publish in time, and repeats the failures announced before until
     * {@link #announced} confirms they were published.
     *
     * @return the outcome events to emit
     */
    public List<CloudEvent> sweep() {
        return sweeper.sweep();
    }

    /**
     * {@link #sweep}, publishing what it says through {@code publisher}, then marking it {@link #announced} — only
     * once every publish succeeded, else the next sweep says it again. What the bindings call.
     *
     * @return the events published
     */
    public List<CloudEvent> sweep(EventPublisher publisher) {
        return sweeper.sweep(publisher);
    }

    /** The binding published what {@link #sweep} returned: those announcements are done. */
    public void announced(Collection<CloudEvent> published) {
        sweeper.announced(published);
    }
}
