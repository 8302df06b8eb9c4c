package io.cloudrig.functions.testonly;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * TEST ONLY (registered by src/test/resources/META-INF/services, never shipped): "creates" servers by recording them
 * in the ledger (begin → created) with deterministic ids and names, and destroys them by forgetting the records.
 */
public final class TestOnlyProvider implements ServerProviderFactory {
    public static final String NAME = "TestOnlyProvider";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Test only: records fake servers in the ledger.";
    }

    @Override
    public JsonNode configSchema() {
        return Json.parse("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"required\":[\"type\"],\"properties\":{\"type\":{\"const\":\"TestOnlyProvider\"}}}",
                "TestOnlyProvider schema");
    }

    @Override
    public JsonNode sampleConfig() {
        return Json.parse("{\"type\":\"TestOnlyProvider\"}", "TestOnlyProvider sample");
    }

    @Override
    public ServerProvider create(JsonNode config, PluginContext context) {
        return new ServerProvider() {
            @Override
            public List<Server> createServers(String image, String type, int amount) {
                List<Server> out = new ArrayList<>();
                for (int i = 0; i < amount; i++) {
                    String id = "server-" + i;
                    String name = "cloudrig-" + context.deploymentId().substring(0, 8) + "-" + i;
                    context.ledger().begin(id, "test-server", name, null);
                    context.ledger().created(id, "ext-" + name, null);
                    out.add(Server.builder().host("10.0.0." + (i + 1)).port(22).user("root").resourceId(id).build());
                }
                return out;
            }

            @Override
            public void destroyServers() {
                for (ResourceRecord r : context.ledger().list()) {
                    context.ledger().deleting(r.resourceId());
                    context.ledger().forget(r.resourceId());
                }
            }
        };
    }
}
