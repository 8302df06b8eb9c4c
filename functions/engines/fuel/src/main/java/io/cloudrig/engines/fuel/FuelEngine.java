package io.cloudrig.engines.fuel;

import io.cloudrig.model.Credentials;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rally's FuelEngine (openstack/rally 24272bbe9 {@code rally/deploy/engines/fuel.py}): an OpenStack environment
 * deployed by a Fuel master. Unlike Rally, the environment is recorded before it is created (Rally recorded it after
 * {@code deploy} returned, so a failed deployment leaked it with its nodes), a deploy task that ends in error is a
 * failure (Rally's loop waited for {@code progress == 100}, which a failed task also reaches), and cleanup waits until
 * the nodes are back in Fuel's pool.
 *
 * <p>{@link #deploy} is re-entrant: it is {@link #advance()} polled through the kit's waiter until the environment is
 * deployed, and {@link #advance()} keeps its state in the environment's resource record, so a second call on the same
 * deployment (a retried event, a new function after a crash) continues following the running task instead of starting
 * again. {@link #advance()} is one bounded slice of that work, for an orchestration that continues a step later.
 */
public final class FuelEngine implements DeployEngine {
    private final FuelConfig config;
    private final PluginContext context;
    private final FuelMaster master;
    private final FuelDeployment deployment;

    FuelEngine(FuelConfig config, PluginContext context) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = Objects.requireNonNull(context, "context");
        this.master = new FuelMaster(new NailgunClient(config.apiUrl(), config.auth()));
        this.deployment = new FuelDeployment(config, context, master);
    }

    /** The environment's deterministic name on the master. */
    public String clusterName() {
        return deployment.clusterName();
    }

    /**
     * Does what is due next and returns at once: the outcome when the environment is deployed, else empty (a task of
     * the master runs; call again later, in this process or another).
     *
     * @throws io.cloudrig.model.CloudrigException when the deployment failed (the task's message), the config does
     *                                             not fit the master, or too few free nodes match
     */
    public Optional<DeployOutcome> advance() {
        return deployment.advance() instanceof FuelDeployment.Done done
                ? Optional.of(DeployOutcome.finished(done.credentials())) : Optional.empty();
    }

    /** The servers are ignored: Fuel picks its own nodes. */
    @Override
    public DeployOutcome deploy(List<Server> servers) {
        Credentials credentials = context.waiter().until("environment '" + clusterName() + "' to be deployed by the "
                        + "Fuel master at " + master.apiUrl(), config.deployTimeout(), config.pollInterval(),
                () -> deployment.advance() instanceof FuelDeployment.Done done
                        ? Optional.of(done.credentials()) : Optional.empty());
        return DeployOutcome.finished(credentials);
    }

    /** Deletes the recorded environment and waits for its nodes; connects to nothing when nothing is recorded. */
    @Override
    public void cleanup(List<Server> servers) {
        if (context.ledger().list().isEmpty()) {
            return;
        }
        new FuelCleanup(config, context, master).run();
    }

    @Override
    public String toString() {
        return "FuelEngine{" + config + ", deployment=" + context.deploymentId() + "}";
    }
}
