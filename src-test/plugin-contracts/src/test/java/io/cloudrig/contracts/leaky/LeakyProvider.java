package io.cloudrig.contracts.leaky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.toys.ToyProvider;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.orchestration.PluginContexts;

import java.util.List;

/**
 * TEST ONLY: a provider that keeps every rule of the toy cloud but reaches into orchestration for a plugin context of
 * its own, the kind of coupling the contract's isolation rule forbids. In a package of its own, so that the rule
 * looks at it alone. Registered through this module's test {@code META-INF/services}.
 */
public final class LeakyProvider implements ServerProviderFactory {
    public static final String NAME = "LeakyProvider";
    private final ServerProviderFactory toy;

    public LeakyProvider() {
        toy = new ToyProvider();
    }

    /** The toy cloud's config under this plugin's name. */
    public static JsonNode config(JsonNode toyConfig) {
        return ((ObjectNode) toyConfig.deepCopy()).put("type", NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: the toy cloud's provider, reaching into orchestration for a plugin context of its own.";
    }

    @Override
    public JsonNode configSchema() {
        ObjectNode schema = (ObjectNode) toy.configSchema();
        ((ObjectNode) schema.get("properties")).set("type", Json.MAPPER.createObjectNode().put("const", NAME));
        return schema;
    }

    @Override
    public JsonNode sampleConfig() {
        return config(toy.sampleConfig());
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        PluginContext own = PluginContexts.of(context.deployment(), context.ledger(), context.progress(), List.of());
        return toy.create(config, own);
    }
}
