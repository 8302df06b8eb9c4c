package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds a {@link ServerProvider} for one deployment from a validated config. */
public interface ServerProviderFactory extends PluginFactory {
    /**
     * @param config the provider's config (already valid against {@link #configSchema()})
     * @param context the deployment it works for and the ledger to record what it creates
     */
    ServerProvider create(JsonNode config, PluginContext context);
}
