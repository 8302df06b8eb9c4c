package io.cloudrig.providers.lxc;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.testing.LxcTestSupport;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rally's devstack-in-lxc shape through the deployment functions: DevstackEngine (with {@link FakeDevstack}) on the
 * containers an LxcProvider made on this machine (reached over the tests' real sshd), from request to destroy: the
 * function createServers makes and records the containers, deployEngine runs DevStack in each, cleanup runs
 * unstack.sh in them and then has LxcProvider destroy them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LxcProviderEndToEndTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final DeploymentStore store = TestStores.newStore();
    private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
            FunctionSettings.builder().instanceId("fn-lxc-provider-test").build());
    private EventWire events;

    @AfterAll
    static void removeContainers() {
        LxcTestSupport.destroyDeploymentContainers();
    }



    private EventWire events() {
        if (events == null) {
            events = new EventWire(functions::handle);
        }
        return events;
    }

    @Test
    void devstackOnLxcContainers_requestedFinishedDestroyed_leavesNoContainer() {
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "DevstackEngine").put("devstack_repo", devstack.repoUrl())
                .put("devstack_branch", FakeDevstack.BRANCH).put("deploy_user", "root").put("clean", true)
                .put("stack_timeout_seconds", 120);
        c.putObject("localrc").put("VIRT_DRIVER", "fake");
        ObjectNode provider = c.putObject("provider").put("type", "LxcProvider").put("distribution", "sshd")
                .put("clone_from", LxcTestSupport.sshdBase()).put("containers_per_host", 2)
                .put("container_name_prefix", LxcTestSupport.prefix()).put("ssh_timeout_seconds", 30)
                .put("install_lxc", false);
        provider.putObject("host_provider").put("type", "DummyProvider").putArray("credentials").addObject()
                .put("host", "127.0.0.1").put("port", sshd.port()).put("user", "root").put("key", sshd.clientKey());
        // DevstackEngine asks its provider for provider.amount servers (one): containers_per_host decides, as in Rally
        Deployment d = store.create(Deployment.newDeployment("lxc-p-" + UUID.randomUUID().toString().substring(0, 8),
                c.toString()));

        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/t"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(finished.servers()).hasSize(2).extracting(Server::resourceId).containsExactly("lxc-h0-000", "lxc-h0-001");
        assertThat(store.listResources(d.id())).extracting(ResourceRecord::owner, ResourceRecord::resourceId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("LxcProvider", "lxc-h0-000"),
                        org.assertj.core.groups.Tuple.tuple("LxcProvider", "lxc-h0-001"),
                        org.assertj.core.groups.Tuple.tuple("DevstackEngine", "devstack-0"),
                        org.assertj.core.groups.Tuple.tuple("DevstackEngine", "devstack-1"));
        try (LxcHost lxc = LxcTestSupport.local()) {
            for (String name : LxcTestSupport.ofDeployment(d.id())) {
                assertThat(lxc.attach(name, "test -f /root/stack-marker\n", Duration.ofSeconds(30)).exitStatus())
                        .as("DevStack ran in %s", name).isZero();
            }
        }

        List<CloudEvent> destroyed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished,
                "/t"));

        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(LxcTestSupport.ofDeployment(d.id())).as("containers left (lxc-ls)").isEmpty();
    }
}
