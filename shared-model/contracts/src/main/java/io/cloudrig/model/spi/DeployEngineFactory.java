package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link DeployEngine} for one deployment from a validated config. */
public interface DeployEngineFactory extends PluginFactory {

    DeployEngine create(JsonNode config, PluginContext context);

    /** The nested provider config ({@code "provider": {"type": ...}}), or empty when the engine needs no servers. */
    default Optional<JsonNode> providerConfig(JsonNode config) {
        JsonNode p = config.get("provider");
        return p != null && p.isObject() ? Optional.of(p) : Optional.empty();
    }

    /** What to ask the provider for; by default one server with the provider's own defaults. */
    default ServerRequest serverRequest(JsonNode config) {
        return ServerRequest.of(null, null, 1);
    }

    /**
     * How a node deployment with this engine joins a cloud whose controller is {@code controller} (a finished
     * deployment): Rally's MultihostEngine nodes. DevStack nodes, for one, need the controller's service passwords.
     * By default the node config is used as it is.
     *
     * @param nodeConfig this engine's config for the node (a copy the method may change and return)
     * @param controllerConfig the controller deployment's engine config (it may hold secrets: never log it)
     * @param controller the controller's credentials
     */
    default JsonNode joinConfig(JsonNode nodeConfig, JsonNode controllerConfig, io.cloudrig.model.Credentials controller) {
        return nodeConfig;
    }

    /**
     * Every plugin config nested inside this one, to validate with its own schema: by default the provider. Engines
     * that compose engines (MultihostEngine) add theirs.
     */
    default List<NestedConfig> nestedConfigs(JsonNode config) {
        List<NestedConfig> out = new ArrayList<>();
        providerConfig(config).ifPresent(p -> out.add(new NestedConfig("/provider", NestedConfig.Kind.PROVIDER)));
        return out;
    }
}
