package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.SecretScan;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.doubles.cobbler.CobblerView;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CobblerProvider keeps the server-provider contract against the Cobbler XML-RPC double. Every run selects three
 * systems of its own (a new owner per config); what exists outside cloudrig for a run is its systems that are
 * running a re-install cloudrig started (powered on after a network boot). The k-th server fails when its fence agent
 * does (the double's power fault), after its record was written.
 */
class CobblerProviderContractTest extends ServerProviderContract {
    private static CobblerTestBed bed;

    @BeforeAll
    static void startCobbler() {
        bed = CobblerTestBed.start();
    }

    @AfterAll
    static void stopCobbler() {
        bed.close();
    }

    @Override
    protected ServerProviderFactory factory() {
        return new CobblerProviderFactory();
    }

    @Override
    protected JsonNode config() {
        String owner = bed.addGroup("OpenStackCompute", amount(), List.of());
        ObjectNode c = bed.config("OpenStackCompute", owner).put("amount", amount()).put("key", CobblerTestBed.FAKE_KEY)
                .put("system_user", "root");
        return c;
    }

    private static String owner(JsonNode config) {
        return config.path("selector").path("owners").asText();
    }

    @Override
    protected Set<String> external(ContractRun run) {
        return bed.systemsOf(owner(run.config())).stream().filter(s -> s.poweredOn() && s.netboots() > 0)
                .map(CobblerView::name).collect(Collectors.toSet());
    }

    @Override
    protected JsonNode unreachableConfig() {
        return bed.config("OpenStackCompute", "nobody").put("host", "127.0.0.1:" + Ports.free());
    }

    @Override
    protected SecretScan secrets(JsonNode config) {
        return super.secrets(config).add("the systems' IPMI password", CobblerTestBed.IPMI_PASSWORD);
    }

    /** The fence agent of the k-th system fails during this create (then works again, as after a retry by hand). */
    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        String system = owner(context.deployment().configJson()) + "-node-" + index;
        ServerProvider real = factory().create(context.deployment().configJson(), context);
        return Optional.of(new ServerProvider() {
            @Override
            public List<Server> createServers(String image, String type, int amount) {
                bed.cobbler.faults().failPower(system);
                try {
                    return real.createServers(image, type, amount);
                } finally {
                    bed.cobbler.faults().restorePower(system);
                }
            }

            @Override
            public void destroyServers() {
                real.destroyServers();
            }
        });
    }
}
