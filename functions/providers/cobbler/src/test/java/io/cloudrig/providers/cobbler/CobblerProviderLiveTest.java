package io.cloudrig.providers.cobbler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CobblerProvider against a real Cobbler server, when one is named: {@code CLOUDRIG_COBBLER_URL} (its XML-RPC URL, e.g.
 * http://cobbler.lab/cobbler_api), {@code CLOUDRIG_COBBLER_USER}, {@code CLOUDRIG_COBBLER_PASSWORD} and
 * {@code CLOUDRIG_COBBLER_SELECTOR} (find_system criteria as JSON, e.g. {"profile": "cloudrig-test"}). It RE-INSTALLS
 * one selected system (network boot), waits for its SSH server, then powers it off. Skipped otherwise.
 */
class CobblerProviderLiveTest {

    @Test
    void createThenDestroy_onARealCobbler_reinstallsOneSystem_andReleasesIt() {
        String url = System.getenv("CLOUDRIG_COBBLER_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "CLOUDRIG_COBBLER_URL is not set: no real Cobbler server "
                + "to test against (set it, CLOUDRIG_COBBLER_USER, CLOUDRIG_COBBLER_PASSWORD and "
                + "CLOUDRIG_COBBLER_SELECTOR; the test re-installs one selected system)");
        ObjectNode config = Json.MAPPER.createObjectNode().put("type", "CobblerProvider")
                .put("host", URI.create(url).getAuthority()).put("url", url)
                .put("user", System.getenv().getOrDefault("CLOUDRIG_COBBLER_USER", "cobbler"))
                .put("password", System.getenv().getOrDefault("CLOUDRIG_COBBLER_PASSWORD", ""))
                .put("amount", 1).put("ssh_timeout_seconds", 3600).put("poll_interval_ms", 10000);
        config.set("selector", Json.parse(System.getenv().getOrDefault("CLOUDRIG_COBBLER_SELECTOR",
                "{\"profile\": \"cloudrig-test\"}"), "CLOUDRIG_COBBLER_SELECTOR"));
        DeploymentStore store = TestStores.newStore();
        Deployment d = store.create(Deployment.newDeployment("cobbler-live-" + UUID.randomUUID(), config.toString()));
        ServerProvider provider = new CobblerProviderFactory().create(config, PluginContexts.of(d, store,
                CobblerProviderFactory.NAME, System.out::println, List.of()));
        try {
            List<Server> servers = provider.createServers(null, null, 1);
            assertThat(servers).hasSize(1);
        } finally {
            provider.destroyServers();
        }
        assertThat(store.listResources(d.id())).isEmpty();
    }
}
