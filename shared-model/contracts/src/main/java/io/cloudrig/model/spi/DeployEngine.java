package io.cloudrig.model.spi;

import io.cloudrig.model.Server;

import java.util.List;

/**
 * Turns servers (none, for ExistingCloud) into a running cloud and can clean up what it did. Orchestration owns the
 * status changes around these calls; an engine only does the work.
 */
public interface DeployEngine {
    /**
     * Deploys on {@code servers} (empty when the engine has no provider). Engines that compose sub-deployments return
     * {@link DeployOutcome#subdeploy}; they are called again, with {@link PluginContext#children()} filled, once every
     * child has finished.
     */
    DeployOutcome deploy(List<Server> servers);

    /**
     * Undoes what {@link #deploy} did (the provider's resources are destroyed afterwards, whatever this does).
     *
     * @param servers the servers the provider gave this deployment, as orchestration stored them (with their logins):
     *                an engine finds its hosts here, never in another plugin's config
     */
    void cleanup(List<Server> servers);
}
