package io.cloudrig.providers.cobbler;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.doubles.cobbler.CobblerView;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DevstackEngine on CobblerProvider through the deployment functions, on real components but Cobbler: the product's
 * plugin registry, DynamoDB Local, a Debian OpenSSH server on 127.0.0.1 ({@link LocalSshd}) and {@link FakeDevstack}.
 * The Cobbler double's systems render 127.0.0.1 as their address, so the re-installed "machines" are that sshd.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DevstackOnCobblerEndToEndTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final DeploymentStore store = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final EventWire events = new EventWire(event -> List.of(), 50);
    private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
            FunctionSettings.builder().instanceId("fn-cobbler-test").build(), Clock.systemUTC(),
            (d, line) -> progress.add("[" + d.name() + "] " + line));
    private final CobblerTestBed bed = CobblerTestBed.start();
    private final String deployUser = FakeDevstack.newDeployUser();

    @AfterEach
    void stop() throws Exception {
        bed.close();
        FakeDevstack.removeDeployUser(deployUser);
    }



    @Test
    void devstackOnCobbler_requestedFinishedDestroyed_theSelectedSystemIsReinstalledThenPoweredOff_othersUntouched() {
        String controller = bed.addGroup("OpenStackController", 1, List.of("127.0.0.1"));
        String computes = bed.addGroup("OpenStackCompute", 2, List.of("127.0.0.1", "127.0.0.1"));
        ObjectNode provider = bed.config("OpenStackController", controller).put("system_user", "root")
                .put("key", sshd.clientKey()).put("ssh_port", sshd.port()).put("ssh_timeout_seconds", 60)
                .put("poll_interval_ms", 100);
        provider.remove("system_password");
        ObjectNode config = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"clean\":true,"
                + "\"stack_timeout_seconds\":120,\"local_conf\":{\"MULTI_HOST\":\"1\"}}", "devstack config");
        config.put("devstack_repo", devstack.repoUrl()).put("devstack_branch", FakeDevstack.BRANCH)
                .put("deploy_user", deployUser).set("provider", provider);
        Deployment d = store.create(Deployment.newDeployment("cobbler-" + UUID.randomUUID().toString().substring(0, 8),
                config.toString()));

        List<CloudEvent> deployed = events.deliverUntilQuiet(functions::handle, DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d,
                "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        assertThat(finished.servers()).singleElement().satisfies(s -> {
            assertThat(s.host()).isEqualTo("127.0.0.1");
            assertThat(s.port()).isEqualTo(sshd.port());
            assertThat(s.resourceId()).isEqualTo("server-0");
        });
        Credential admin = finished.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1/identity/v3");
        CobblerView system = bed.cobbler.system(controller + "-node-0").orElseThrow();
        assertThat(system.netboots()).isEqualTo(1);
        assertThat(system.poweredOn()).isTrue();
        assertThat(store.listResources(d.id())).extracting(ResourceRecord::owner, ResourceRecord::name)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("CobblerProvider", controller + "-node-0"),
                        org.assertj.core.groups.Tuple.tuple("DevstackEngine", "127.0.0.1"));

        List<CloudEvent> destroyed = events.deliverUntilQuiet(functions::handle, DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished,
                "/test"));

        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(bed.systemsOf(controller)).as("every selected system").allSatisfy(s -> {
            assertThat(s.poweredOn()).as(s.name() + " powered off").isFalse();
            assertThat(s.powerCommands()).containsExactly("reboot", "off");
        });
        assertThat(bed.systemsOf(computes)).as("systems not selected").allSatisfy(s -> {
            assertThat(s.poweredOn()).isTrue();
            assertThat(s.powerCommands()).isEmpty();
        });
        String keyLine = sshd.clientKey().lines().skip(1).findFirst().orElseThrow();
        for (String secret : List.of(CobblerTestBed.PASSWORD, CobblerTestBed.IPMI_PASSWORD, keyLine, admin.password())) {
            assertThat(events.wire().stream().anyMatch(j -> j.contains(secret))).as("an event holds a secret").isFalse();
            assertThat(progress.stream().anyMatch(l -> l.contains(secret))).as("a progress line holds a secret")
                    .isFalse();
        }
        assertThat(progress).anyMatch(l -> l.contains("CobblerProvider: system '" + controller + "-node-0' "
                + "power-cycled into a network install; it will be 127.0.0.1"));
    }
}
