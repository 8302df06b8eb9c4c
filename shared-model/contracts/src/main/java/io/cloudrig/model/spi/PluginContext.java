package io.cloudrig.model.spi;

import io.cloudrig.model.Deployment;

import java.util.List;

/** What orchestration hands a plugin: the deployment, the ledger for its resources, progress, finished children. */
public interface PluginContext {
    /** The deployment being worked on (config and credentials may hold secrets: never log them). */
    Deployment deployment();

    default String deploymentId() {
        return deployment().id();
    }

    /** The resource ledger scoped to this plugin (records carry its name as owner). */
    ResourceLedger ledger();

    /** Progress lines for long work (shown by the CLI, logged by functions). Must not contain secrets. */
    Progress progress();

    /** Child deployments that finished (for engines that returned {@link DeployOutcome#subdeploy}). */
    default List<Deployment> children() {
        return List.of();
    }

    /**
     * Runs one task per item on a bounded pool and returns partial failure as data (see {@link FanOut}). Every plugin
     * that works on several servers uses this instead of a pool of its own.
     */
    FanOut fanOut();

    /** Polls with a deadline and progress lines (see {@link Waiter}). */
    Waiter waiter();

    /**
     * The registered plugins, for engines that compose other engines (MultihostEngine asks a node's engine how it
     * joins the controller's cloud): a plugin never imports another plugin.
     */
    PluginRegistry plugins();

    /** What the engine returned as engine state from its previous step, or null. */
    default String engineState() {
        return deployment().engineState();
    }

    /** One-line progress reporting. */
    @FunctionalInterface
    interface Progress {
        void report(String line);

        static Progress discard() {
            return line -> {
            };
        }
    }
}
