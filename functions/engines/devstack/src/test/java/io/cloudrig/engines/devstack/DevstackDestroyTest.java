package io.cloudrig.engines.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.infra.Ports;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.spi.ServerProviderFactory;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.DeploymentRequests;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.providers.existing.ExistingServersFactory;
import io.cloudrig.providers.virsh.LibvirtSession;
import io.cloudrig.providers.virsh.VirshConfig;
import io.cloudrig.providers.virsh.VirshProvider;
import io.cloudrig.providers.virsh.VirshProviderFactory;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cloudrig.model.DeploymentStatus.CLEANUP_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Destroy of a DevStack deployment whose host never answers SSH (the commonest failure: a clone that never got
 * networking), through the real orchestration, the real DevstackEngine and the DynamoDB Local store: on libvirt's
 * {@code test} driver (VirshProvider) the clone is destroyed and nothing is left; on ExistingServers (servers nobody
 * destroys) exactly the engine's part is left, and a forced destroy forgets it, listing it.
 */
class DevstackDestroyTest {
    private final DeploymentStore store = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final int closedPort = Ports.free();
    private Connect node;
    private String nodeUri;
    private DeploymentOrchestrator functions;

    @BeforeEach
    void openHypervisor() throws LibvirtException, URISyntaxException {
        nodeUri = "test://" + Path.of(getClass().getResource("/virsh/node.xml").toURI()).toAbsolutePath();
        node = new Connect(nodeUri, false);
        PluginRegistry plugins = PluginRegistry.of(List.of(new DevstackEngineFactory()),
                List.of(new VirshOnTheTestNode(), new ExistingServersFactory()));
        functions = new DeploymentOrchestrator(store, plugins, FunctionSettings.builder().instanceId("fn-devstack").build(),
                Clock.systemUTC(), (d, line) -> progress.add(d.name() + ": " + line));
    }

    @AfterEach
    void closeHypervisor() throws LibvirtException {
        node.close();
    }

    @Test
    void destroy_ofDevstackOnVirsh_whoseHostIsUnreachable_destroysTheCloneAndLeavesNothing() throws LibvirtException {
        ObjectNode provider = Json.MAPPER.createObjectNode().put("type", VirshProviderFactory.NAME).put("uri", nodeUri)
                .put("template_name", "cloudrig-template").put("template_user", "ubuntu")
                .put("template_password", "Template-Pw-4471").put("port", closedPort).put("ip_source", "static")
                .put("ip_timeout_seconds", 5).put("ip_poll_interval_ms", 20);
        provider.putArray("static_ips").add("127.0.0.1");
        Deployment d = deployed(devstackOn(provider));
        assertThat(clones()).as("the clone was made").hasSize(1);
        assertThat(owners(d)).containsExactlyInAnyOrder("VirshProvider/server-0", "DevstackEngine/devstack-0");

        List<CloudEvent> out = run(DeploymentRequests.destroy(store.get(d.id()).orElseThrow(), false, "/test"));

        assertThat(types(out)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(clones()).as("the clone is destroyed though DevStack could not be cleaned up on it").isEmpty();
        assertThat(progress).anyMatch(l -> l.contains("[127.0.0.1] cannot reach it: skipping the DevStack cleanup there"))
                .anyMatch(l -> l.contains("forgot DevstackEngine/devstack-0 (devstack-install 127.0.0.1")
                        && l.contains("its server 127.0.0.1 is destroyed"));
    }

    @Test
    void destroy_ofDevstackOnExistingServers_whoseHostIsUnreachable_leavesExactlyTheEnginePart_andForceForgetsIt() {
        ObjectNode provider = Json.MAPPER.createObjectNode().put("type", "ExistingServers");
        provider.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", closedPort).put("user", "root")
                .put("password", "Existing-Pw-9013");
        Deployment d = deployed(devstackOn(provider));

        List<CloudEvent> out = run(DeploymentRequests.destroy(store.get(d.id()).orElseThrow(), false, "/test"));

        assertThat(types(out)).containsExactly("cleanup_failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(CLEANUP_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(failed.errorMessage()).startsWith("DevstackEngine cleanup: 1 of 1 server(s) not cleaned up: 127.0.0.1: "
                + "cannot connect to root@127.0.0.1:" + closedPort).endsWith("; 1 resource record(s) remain after "
                + "cleanup: DevstackEngine/devstack-0").doesNotContain("Existing-Pw-9013");
        assertThat(owners(d)).containsExactly("DevstackEngine/devstack-0");

        CloudEvent forced = DeploymentRequests.destroy(failed, true, "/test");
        out = run(forced);

        assertThat(types(out)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(DeploymentEvents.data(out.get(0)).forgotten()).hasSize(2)
                .first().asString().startsWith("gave up: DevstackEngine cleanup: 1 of 1 server(s) not cleaned up");
        assertThat(DeploymentEvents.data(out.get(0)).forgotten().get(1))
                .isEqualTo("DevstackEngine/devstack-0 (devstack-install 127.0.0.1, creating)");
        assertThat(DeploymentEvents.requestOf(out.get(0))).as("the outcome answers the forced attempt")
                .isEqualTo(forced.getId());
        assertThat(progress).anyMatch(l -> l.contains("forced: forgot 2 thing(s) it could not destroy (remove them by "
                + "hand): gave up: DevstackEngine cleanup"));
    }

    private static JsonNode devstackOn(ObjectNode provider) {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "DevstackEngine").put("deploy_user", "stack");
        c.putObject("ssh").put("connect_timeout_seconds", 5);
        c.set("provider", provider);
        return c;
    }

    /** A deployment of {@code config} run until it ends: DevStack fails, its host unreachable, after recording it. */
    private Deployment deployed(JsonNode config) {
        Deployment d = store.create(DeploymentRequests.newRequest("ds-" + UUID.randomUUID().toString().substring(0, 8),
                config.toString(), Clock.systemUTC()));
        List<CloudEvent> out = run(DeploymentRequests.requested(d, "/test"));
        assertThat(types(out)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DEPLOY_FAILED);
        assertThat(failed.errorCode()).isEqualTo(ErrorCode.UNREACHABLE);
        return failed;
    }

    /** Delivers events, as the broker would, until no function has anything left to do; returns all emitted. */
    private List<CloudEvent> run(CloudEvent first) {
        List<CloudEvent> emitted = new ArrayList<>();
        Deque<CloudEvent> queue = new ArrayDeque<>(List.of(first));
        while (!queue.isEmpty()) {
            CloudEvent e = queue.poll();
            if (!DeploymentEvents.type(e).isOutcome()) {
                List<CloudEvent> out = functions.handle(e);
                emitted.addAll(out);
                queue.addAll(out);
            }
        }
        return emitted;
    }

    private static List<String> types(List<CloudEvent> events) {
        return events.stream().map(e -> e.getType().substring(EventType.PREFIX.length())).toList();
    }

    private List<String> owners(Deployment d) {
        return store.listResources(d.id()).stream().map(r -> r.owner() + "/" + r.resourceId()).toList();
    }

    /** The domains on the test node other than the template. */
    private List<String> clones() throws LibvirtException {
        List<String> names = new ArrayList<>(List.of(node.listDefinedDomains()));
        for (int id : node.listDomains()) {
            names.add(node.domainLookupByID(id).getName());
        }
        return names.stream().filter(n -> !n.equals("cloudrig-template")).toList();
    }

    /**
     * The real VirshProvider on this test's node: libvirt's test driver keeps its state per connection, so create and
     * destroy share the test's connection instead of opening their own.
     */
    private final class VirshOnTheTestNode implements ServerProviderFactory {
        private final VirshProviderFactory real = new VirshProviderFactory();

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Set<String> aliases() {
            return real.aliases();
        }

        @Override
        public String description() {
            return real.description();
        }

        @Override
        public JsonNode configSchema() {
            return real.configSchema();
        }

        @Override
        public JsonNode sampleConfig() {
            return real.sampleConfig();
        }

        @Override
        public ServerProvider create(JsonNode config, PluginContext context) {
            return VirshProvider.create(VirshConfig.from(config), context, () -> LibvirtSession.shared(node, nodeUri));
        }
    }
}
