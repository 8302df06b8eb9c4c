package io.cloudrig.engines.multihost;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.NestedConfig;
import io.cloudrig.model.spi.PluginContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rally's {@code MultihostEngine}: a controller deployment, then node deployments with {@code {controller_ip}}
 * replaced by the controller's address. Each is a child deployment run by orchestration; this engine has no provider.
 */
@AutoService(DeployEngineFactory.class)
public final class MultihostEngineFactory implements DeployEngineFactory {
    public static final String NAME = "MultihostEngine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Deploys a multi-host cloud as child deployments (Rally's MultihostEngine): first 'controller' (any engine "
                + "config), then every config in 'nodes' with the text {controller_ip} replaced by the host of the "
                + "controller's Keystone URL. Returns the controller's credentials; cleanup is the children's.";
    }

    /** None: the controller and the nodes bring their own providers. */
    @Override
    public Optional<JsonNode> providerConfig(JsonNode config) {
        return Optional.empty();
    }

    /** {@code /controller} and {@code /nodes/<i>}, each validated with its own engine's schema. */
    @Override
    public List<NestedConfig> nestedConfigs(JsonNode config) {
        List<NestedConfig> out = new ArrayList<>();
        if (config.has("controller")) {
            out.add(new NestedConfig("/controller", NestedConfig.Kind.ENGINE));
        }
        JsonNode nodes = config.path("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new NestedConfig("/nodes/" + i, NestedConfig.Kind.ENGINE));
        }
        return out;
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return new MultihostEngine(config, context);
    }
}
