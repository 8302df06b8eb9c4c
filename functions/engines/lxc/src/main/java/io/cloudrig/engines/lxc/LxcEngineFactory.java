package io.cloudrig.engines.lxc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.RunMode;

import java.util.EnumSet;
import java.util.Set;

/**
 * Rally's {@code LxcEngine}: a nested engine deployed into a first container per host (as a child deployment), then
 * that container copied. Its hosts come from {@code provider}; the nested engine's config is {@code engine}.
 */
@AutoService(DeployEngineFactory.class)
public final class LxcEngineFactory implements DeployEngineFactory {
    public static final String NAME = "LxcEngine";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Deploys another engine in LXC containers (Rally's LxcEngine): on every host of the provider a first "
                + "container (distribution, release) gets the nested engine (a child deployment with that container as "
                + "its server), is stopped and copied to containers_per_host containers in all (lxc-copy -s -B overlayfs), "
                + "which are started and run start_script. Returns the nested deployment's credentials. Every container "
                + "is recorded before it is made; cleanup destroys them after the nested deployments.";
    }

    /**
     * A node of Rally's MultihostEngine that is an LxcEngine joins the controller's cloud the way its nested engine
     * does (DevStack nodes take the controller's passwords). The nested engine is found in the registry: no plugin
     * imports another.
     */
    @Override
    public JsonNode joinConfig(JsonNode nodeConfig, JsonNode controllerConfig, Credentials controller) {
        if (!nodeConfig.isObject() || !nodeConfig.path("engine").isObject()) {
            return nodeConfig;
        }
        ObjectNode node = nodeConfig.deepCopy();
        ObjectNode nested = LxcEngineConfig.nestedEngine(node.get("engine"));
        PluginRegistry plugins = PluginRegistry.load(LxcEngineFactory.class.getClassLoader());
        node.set("engine", plugins.engineFor(nested).joinConfig(nested, controllerConfig, controller));
        return node;
    }

    @Override
    public DeployEngine create(JsonNode config, PluginContext context) {
        return new LxcEngine(LxcEngineConfig.from(config), context);
    }

    /** The LXC tools on a host of its own (or reached as root over SSH with them): not from inside a Lambda. */
    @Override
    public Set<RunMode> runsOn() {
        return EnumSet.of(RunMode.SERVICE, RunMode.EMBEDDED);
    }
}
