package io.cloudrig.providers.virsh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractRun;
import io.cloudrig.contracts.ServerProviderContract;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * VirshProvider keeps the provider contract against libvirt's real {@code test} driver (one hypervisor per test, from
 * {@code virsh/node.xml}). The external probe lists the hypervisor's domains named for the deployment; the k-th
 * create fails where libvirt refuses to define that clone. The driver keeps its state per connection, so the provider
 * gets its sessions from the test's connection (the unreachable config goes through the factory and a real connect).
 */
class VirshProviderContractTest extends ServerProviderContract {
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private VirshTestNode node;

    @BeforeEach
    void openHypervisor() {
        node = VirshTestNode.open();
    }

    @AfterEach
    void closeHypervisor() {
        node.close();
    }

    @Override
    protected ServerProviderFactory factory() {
        return new VirshProviderFactory();
    }

    @Override
    protected JsonNode config() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", VirshProviderFactory.NAME).put("uri", node.uri)
                .put("template_name", "cloudrig-template").put("template_user", "ubuntu")
                .put("template_password", "Virsh-Template-Pw-6120").put("key", KEY).put("parallelism", 3)
                .put("ip_timeout_seconds", 5).put("ip_poll_interval_ms", 20);
        return c;
    }

    @Override
    protected JsonNode unreachableConfig() {
        return ((ObjectNode) config()).put("uri", "qemu+tcp://127.0.0.1:" + Ports.free() + "/system");
    }

    @Override
    protected ServerProvider create(JsonNode config, PluginContext context) {
        if (!node.uri.equals(config.path("uri").asText())) {
            return super.create(config, context);
        }
        return VirshProvider.create(VirshConfig.from(config), context, node.sessions());
    }

    @Override
    protected Optional<ServerProvider> failingAt(int index, PluginContext context) {
        String refused = VirshProvider.domainName(context.deploymentId(), index);
        return Optional.of(VirshProvider.create(VirshConfig.from(config()), context,
                () -> new LibvirtSession(node.connect, node.uri, false) {
                    @Override
                    public String define(String name, String xml) {
                        if (name.equals(refused)) {
                            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "libvirt refused to define '" + name + "'");
                        }
                        return super.define(name, xml);
                    }
                }));
    }

    /** The domains of the test hypervisor named for the deployment, running or not. */
    @Override
    protected Set<String> external(ContractRun run) {
        Set<String> out = new TreeSet<>();
        for (String name : node.allNames()) {
            if (name.startsWith("cloudrig-" + run.id() + "-")) {
                out.add(name);
            }
        }
        return out;
    }
}
