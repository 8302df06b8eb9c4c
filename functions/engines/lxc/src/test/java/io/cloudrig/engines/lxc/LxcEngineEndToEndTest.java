package io.cloudrig.engines.lxc;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.LxcState;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LxcEngine through the deployment functions, end to end on real components: the product's plugin registry, the
 * DynamoDB Local store, this machine as the LXC host over a Debian OpenSSH server on 127.0.0.1, real containers (the
 * {@code sshd} template's, sharing the host's network, each with sshd on its own port) and {@link FakeDevstack} as the
 * nested DevstackEngine's DevStack, deployed into the first container as a child deployment. Events go through their
 * JSON events().wire() form and back into {@link DeploymentOrchestrator#handle}, as a broker would deliver them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LxcEngineEndToEndTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final DeploymentStore store = TestStores.newStore();
    private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
            FunctionSettings.builder().instanceId("fn-lxc-test").build());
    private EventWire events;

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }

    /** Rally's LxcEngine config shape (the nested engine named by "name", as Rally's sample), on this machine. */
    private ObjectNode config() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "LxcEngine").put("distribution", "sshd")
                .put("clone_from", LxcTestSupport.sshdBase()).put("container_name", LxcTestSupport.prefix())
                .put("containers_per_host", 3).put("ssh_timeout_seconds", 30).put("install_lxc", false)
                .put("stop_timeout_seconds", 5).put("start_commands", "echo started > /root/start-marker\n");
        c.putObject("engine").put("name", "DevstackEngine").put("devstack_repo", devstack.repoUrl())
                .put("devstack_branch", FakeDevstack.BRANCH).put("deploy_user", "root").put("clean", true)
                .put("stack_timeout_seconds", 120).putObject("local_conf").put("VIRT_DRIVER", "fake");
        ObjectNode provider = c.putObject("provider").put("type", "DummyProvider");
        provider.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root")
                .put("key", sshd.clientKey());
        return c;
    }



    private EventWire events() {
        if (events == null) {
            events = new EventWire(functions::handle);
        }
        return events;
    }

    @Test
    void requestedThenDestroyed_devstackInTheFirstContainer_copiedToThree_thenEveryContainerGone() {
        Deployment parent = store.create(Deployment.newDeployment("lxc-" + UUID.randomUUID().toString().substring(0, 8),
                config().toString()));

        // ---- deploy: the first container, DevStack in it as a child deployment, then the copies
        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, parent,
                "/test"));

        assertThat(EventWire.typesAbout(parent.id(), deployed)).containsExactly("servers_created", "children_finished", "finished");
        Deployment finished = store.get(parent.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        List<Deployment> children = store.listChildren(parent.id());
        assertThat(children).singleElement().satisfies(child -> {
            assertThat(child.name()).isEqualTo(parent.name() + "-lxc-h0");
            assertThat(child.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
            assertThat(finished.credentials()).isEqualTo(child.credentials());
            assertThat(child.servers()).singleElement().satisfies(s -> {
                assertThat(s.host()).isEqualTo("127.0.0.1");
                assertThat(s.port()).isGreaterThanOrEqualTo(22200);
            });
        });
        Credential admin = finished.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1/identity/v3");

        Map<String, LxcState> containers;
        try (LxcHost lxc = LxcTestSupport.local()) {
            containers = lxc.list(ContainerNames.deploymentPrefix(LxcTestSupport.prefix(), parent.id()));
            assertThat(containers).hasSize(3).containsValues(LxcState.RUNNING).doesNotContainValue(LxcState.STOPPED);
            for (String name : containers.keySet()) {
                // the copies carry what the nested engine did in the first container, and the start script ran in all
                assertThat(lxc.attach(name, "test -f /root/stack-marker && test -f /root/devstack/local.conf\n",
                        Duration.ofSeconds(30)).exitStatus()).as("DevStack's marker in %s", name).isZero();
                assertThat(lxc.attach(name, "grep -qx started /root/start-marker\n", Duration.ofSeconds(30)).exitStatus())
                        .as("start script ran in %s", name).isZero();
            }
        }
        assertThat(store.listResources(parent.id())).hasSize(3).allSatisfy(r -> {
            assertThat(r.owner()).isEqualTo("LxcEngine");
            assertThat(r.state()).isEqualTo(ResourceState.CREATED);
        }).extracting(ResourceRecord::resourceId).containsExactlyInAnyOrder("lxc-h0-000", "lxc-h0-001", "lxc-h0-002");
        assertThat(store.listResources(children.get(0).id())).singleElement()
                .satisfies(r -> assertThat(r.owner()).isEqualTo("DevstackEngine"));

        // ---- destroy: the nested deployment first (unstack.sh in the first container), then every container
        List<CloudEvent> destroyed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished,
                "/test"));

        assertThat(EventWire.typesAbout(parent.id(), destroyed)).containsExactly("destroy_requested", "destroyed");
        assertThat(EventWire.typesAbout(children.get(0).id(), destroyed)).endsWith("destroyed");
        assertThat(store.get(parent.id())).isEmpty();
        assertThat(store.get(children.get(0).id())).isEmpty();
        assertThat(store.listResources(parent.id())).isEmpty();
        assertThat(LxcTestSupport.ofDeployment(parent.id())).as("containers left (lxc-ls)").isEmpty();
        assertThat(LxcTestSupport.all()).doesNotContainAnyElementsOf(containers.keySet());

        // ---- the host's key is in no event
        String keyLine = sshd.clientKey().lines().skip(1).findFirst().orElseThrow();
        assertThat(events().wire().stream().anyMatch(json -> json.contains(keyLine))).as("an event holds the host's key").isFalse();
    }

    @Test
    void requested_whenTheNestedEngineConfigIsInvalid_failsNamingItsPath_andMakesNoContainer() {
        ObjectNode c = config();
        ((ObjectNode) c.get("engine")).put("deploy_user", "Not A User");
        Deployment d = store.create(Deployment.newDeployment("lxc-" + UUID.randomUUID().toString().substring(0, 8),
                c.toString()));

        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorMessage()).contains("$.engine.deploy_user");
        assertThat(LxcTestSupport.ofDeployment(d.id())).isEmpty();
        events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, failed, "/test"));
        assertThat(store.get(d.id())).isEmpty();
    }
}
