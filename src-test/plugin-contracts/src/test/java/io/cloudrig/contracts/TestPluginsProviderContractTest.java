package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.testkit.TestPlugins;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The testkit's TestOnlyProvider keeps the provider contract, as the plugins it stands in for do. */
class TestPluginsProviderContractTest extends ServerProviderContract {
    private static final String PASSWORD = "TestOnly-Contract-Login-5521";

    @Override
    protected ServerProviderFactory factory() {
        return new TestPlugins.Provider();
    }

    @Override
    protected JsonNode config() {
        return Json.MAPPER.createObjectNode().put("type", TestPlugins.PROVIDER).put("password", PASSWORD);
    }

    /** Its servers live in {@link TestPlugins#EXTERNAL}: name → deployment id. */
    @Override
    protected Set<String> external(ContractRun run) {
        Set<String> out = new TreeSet<>();
        TestPlugins.EXTERNAL.forEach((name, d) -> {
            if (d.equals(run.id())) {
                out.add(name);
            }
        });
        return out;
    }

    /** It connects to nothing. */
    @Override
    protected JsonNode unreachableConfig() {
        return config();
    }

    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        ObjectNode c = (ObjectNode) config();
        return Optional.of(factory().create(c.put("fail_at", index), context));
    }
}
