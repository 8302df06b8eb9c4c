package io.cloudrig.model.spi;

import io.cloudrig.model.Server;

import java.util.List;

/**
 * Creates and destroys servers, Rally's {@code ProviderFactory} contract. Implementations record every resource in
 * {@link PluginContext#ledger()} before the external create call (state {@code creating}), mark it {@code created}
 * after, use deterministic names so that a retry finds what exists, and never touch deployment status: orchestration
 * owns that.
 */
public interface ServerProvider {
    /**
     * Creates {@code amount} servers (or finds those a previous attempt created).
     *
     * @param image provider-specific image (template, AMI, ...), or null for the config's default
     * @param type provider-specific flavour / instance type, or null for the config's default
     * @throws CreateServersException when some servers could not be created: those that were are in it, and recorded
     */
    List<Server> createServers(String image, String type, int amount);

    /**
     * Destroys every resource this provider recorded for the deployment, in any state; "already gone" counts as done;
     * each record is forgotten only after its resource is gone.
     */
    void destroyServers();
}
