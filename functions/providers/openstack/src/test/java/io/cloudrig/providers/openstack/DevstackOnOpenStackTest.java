package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.ConfigValidator;
import io.cloudrig.model.spi.DeployEngineFactory;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerRequest;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.Repo;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rally's DevStack-on-OpenStack deployments: {@code DevstackEngine} with an {@code OpenStackProvider}. Rally's form
 * of the config (v2.0 auth URL, tenant, nics, image uploaded from a URL) validates as it is; the v3 sample, pointed
 * at the test cloud, validates too and its provider half runs as orchestration runs it: the engine's server request,
 * then the provider's create and destroy.
 */
class DevstackOnOpenStackTest {
    private static final PluginRegistry REGISTRY = PluginRegistry.load();

    private static JsonNode sample(String name) throws IOException {
        return Json.parse(Files.readString(Repo.samples().resolve(name)), name);
    }

    @Test
    void rallysFormOfTheConfig_validatesUnchanged() throws IOException {
        JsonNode config = sample("openstack-devstack-rally.json");

        assertThat(new ConfigValidator(REGISTRY).validate(config)).isEmpty();
        assertThat(config.at("/provider/auth_url").asText()).endsWith("/v2.0");
        assertThat(config.at("/provider/tenant").isTextual()).isTrue();
    }

    @Test
    void v3Sample_pointedAtTheTestCloud_validates_andItsProviderHalfRuns() throws IOException {
        TestUndercloud undercloud = TestUndercloud.get();
        ObjectNode config = (ObjectNode) sample("openstack-devstack.json");
        ObjectNode p = (ObjectNode) config.get("provider");
        p.put("auth_url", undercloud.cloud.authUrl()).put("password", undercloud.cloud.demoPassword())
                .put("amount", 2);
        assertThat(new ConfigValidator(REGISTRY).validate(config)).isEmpty();

        DeployEngineFactory engine = REGISTRY.engineFor(config);
        JsonNode providerConfig = engine.providerConfig(config).orElseThrow();
        ServerRequest request = engine.serverRequest(config);
        DeploymentStore store = TestStores.newStore();
        Deployment d = store.create(Deployment.newDeployment("devstack-on-openstack-" + UUID.randomUUID(),
                config.toString()));
        String providerName = providerConfig.get("type").asText();
        ServerProvider provider = REGISTRY.provider(providerName).create(providerConfig,
                PluginContexts.of(d, store, providerName, line -> { }, List.of()));

        List<Server> servers;
        try {
            servers = provider.createServers(request.image(), request.type(), request.amount());

            assertThat(request.amount()).as("the engine asks for the provider's amount").isEqualTo(2);
            assertThat(servers).hasSize(2).allSatisfy(s -> {
                assertThat(s.privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
                assertThat(s.user()).isEqualTo("root");
            });
            assertThat(store.listResources(d.id())).hasSize(3)
                    .allSatisfy(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));
        } finally {
            provider.destroyServers();
        }
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(undercloud.external(d.id())).isEmpty();
    }
}
