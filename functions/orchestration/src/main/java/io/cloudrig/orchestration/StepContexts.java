package io.cloudrig.orchestration;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link PluginContext} a step hands its plugin: the deployment, a ledger under the plugin's name, progress lines
 * tagged with the deployment, and the kit bounded by this worker's settings, stopped by the loss of its lease and by
 * the deadline of the call ({@link StepCall}).
 */
final class StepContexts {
    private final DeploymentStore store;
    private final PluginRegistry plugins;
    private final FunctionSettings settings;
    private final Clock clock;
    private final Leases leases;
    private final DeploymentOrchestrator.Progress progress;

    StepContexts(DeploymentStore store, PluginRegistry plugins, FunctionSettings settings, Clock clock, Leases leases,
                 DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.plugins = plugins;
        this.settings = settings;
        this.clock = clock;
        this.leases = leases;
        this.progress = progress;
    }

    /**
     * The context of a deploy step: its ledger begins a new resource only while this worker still holds {@code d} (same
     * status, lease owner this instance): one strongly consistent read per resource. {@code children} is asked only
     * when the plugin asks for its finished children.
     */
    PluginContext forDeploy(Deployment d, String owner, Supplier<List<Deployment>> children, StepCall call) {
        return of(d, new LeaseGuardedLedger(ledger(d, owner), () -> leases.stillHeld(d)), children, call);
    }

    /** The context of a cleanup: its ledger may always remove what is recorded. */
    PluginContext forCleanup(Deployment d, String owner, StepCall call) {
        return of(d, ledger(d, owner), List::of, call);
    }

    private ResourceLedger ledger(Deployment d, String owner) {
        return new StoreResourceLedger(store, d.id(), owner);
    }

    private PluginContext of(Deployment d, ResourceLedger ledger, Supplier<List<Deployment>> children, StepCall call) {
        return PluginContexts.of(d, ledger, line -> progress.report(d, line), children, plugins,
                settings.maxParallelism(), () -> leases.stillHeld(d), clock, call);
    }
}
