package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TEST-ONLY STAND-IN for the {@code ExistingServers} provider (alias {@code DummyProvider}), which is written on
 * another branch (io.cloudrig.providers.existing). Remove it once the branches merge. Not registered through
 * ServiceLoader: tests pass it to {@code PluginRegistry.of(...)}. Its schema is Rally's DummyProvider one:
 * {@code credentials: [{host, user, port, key, password}]}.
 */
public final class ExistingServersStandInFactory implements ServerProviderFactory {
    @Override
    public String name() {
        return "ExistingServers";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("DummyProvider");
    }

    @Override
    public String description() {
        return "Test stand-in: returns the servers listed in 'credentials'.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"type\":{\"type\":\"string\"},\"credentials\":{\"type\":\"array\",\"items\":{"
                + "\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"},\"user\":{\"type\":\"string\"},"
                + "\"port\":{\"type\":\"integer\"},\"key\":{\"type\":\"string\"},\"password\":{\"type\":\"string\"}},"
                + "\"required\":[\"host\",\"user\"],\"additionalProperties\":false}}},"
                + "\"required\":[\"type\",\"credentials\"],\"additionalProperties\":false}", "stand-in schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return Json.parse("{\"type\":\"ExistingServers\",\"credentials\":[{\"host\":\"10.0.0.1\",\"user\":\"root\"}]}",
                "stand-in sample");
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return new ServerProvider() {
            @Override
            public List<Server> createServers(String image, String type, int amount) {
                return servers(config);
            }

            @Override
            public void destroyServers() {
            }
        };
    }

    public static List<Server> servers(JsonNode providerConfig) {
        List<Server> out = new ArrayList<>();
        for (JsonNode c : providerConfig.path("credentials")) {
            Server.Builder b = Server.builder().host(c.get("host").asText()).port(c.path("port").asInt(22))
                    .user(c.path("user").asText("root"));
            if (c.hasNonNull("key")) {
                b.privateKey(c.get("key").asText());
            }
            if (c.hasNonNull("password")) {
                b.password(c.get("password").asText());
            }
            out.add(b.build());
        }
        return out;
    }
}
