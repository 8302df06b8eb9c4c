package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.DeployEngine;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FuelEngine against a real Fuel master, when one is named: {@code CLOUDRIG_FUEL_URL} (its api_url, e.g.
 * http://10.20.0.2:8000/api/v1/), with {@code CLOUDRIG_FUEL_USER} / {@code CLOUDRIG_FUEL_PASSWORD} for a master with
 * authentication, {@code CLOUDRIG_FUEL_RELEASE} (default 'Kilo on Ubuntu 14.04'), {@code CLOUDRIG_FUEL_MODE} (default
 * ha_compact) and {@code CLOUDRIG_FUEL_NET_PROVIDER} (default neutron). It deploys one controller and one compute from
 * the master's free nodes (an hour or more on real hardware) and deletes the environment again. Skipped otherwise.
 */
class FuelEngineLiveTest {

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void deployThenCleanup_onARealMaster_returnsAnAdmin_andLeavesNoEnvironment() {
        String url = System.getenv("CLOUDRIG_FUEL_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "CLOUDRIG_FUEL_URL is not set: no real Fuel master to "
                + "test against (set it to the master's api_url, e.g. http://10.20.0.2:8000/api/v1/)");
        ObjectNode config = (ObjectNode) Json.parse("""
                {"type": "FuelEngine", "deploy_name": "cloudrig live test", "api_url": "%s", "release": "%s",
                 "mode": "%s", "net_provider": "%s", "networks": {},
                 "nodes": {"controller": {"amount": 1}, "compute": {"amount": 1}},
                 "poll_interval_ms": 10000, "deploy_timeout_seconds": 14400, "cleanup_timeout_seconds": 3600}
                """.formatted(url, env("CLOUDRIG_FUEL_RELEASE", "Kilo on Ubuntu 14.04"),
                env("CLOUDRIG_FUEL_MODE", "ha_compact"), env("CLOUDRIG_FUEL_NET_PROVIDER", "neutron")), "live config");
        if (System.getenv("CLOUDRIG_FUEL_USER") != null) {
            config.putObject("auth").put("username", System.getenv("CLOUDRIG_FUEL_USER"))
                    .put("password", env("CLOUDRIG_FUEL_PASSWORD", ""));
        }
        DeploymentStore store = TestStores.newStore();
        Deployment d = store.create(Deployment.newDeployment("fuel-live-" + UUID.randomUUID(), config.toString()));
        PluginContext context = PluginContexts.of(d, store, FuelEngineFactory.NAME, System.out::println, List.of());
        DeployEngine engine = new FuelEngineFactory().create(config, context);
        try {
            Credential admin = engine.deploy(List.of()).credentials().forPlatform("openstack").get(0).admin();
            assertThat(admin.authUrl()).startsWith("http://").endsWith(":5000/v2.0/");
        } finally {
            engine.cleanup(List.of());
        }
        assertThat(store.listResources(d.id())).isEmpty();
    }
}
