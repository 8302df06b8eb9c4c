package io.cloudrig.providers.ec2;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.model.Credential;
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
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.Tee;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DevstackEngine on Ec2Provider through the deployment functions, end to end: the product's plugin registry
 * (ServiceLoader), the DynamoDB Local store, the EC2 test double (the real SDK client against it) handing out
 * 127.0.0.1 as the instance's public address, the tests' real sshd on that address (its port is the provider's ssh
 * port; the double puts the key pair the provider created into its authorized_keys, as cloud-init would), and the
 * fake DevStack. Events go through their JSON events().wire() form and back into {@link DeploymentOrchestrator#handle}, as a
 * broker would deliver them: requested → servers created → finished, then destroy requested → destroyed, with
 * nothing left in the double, in the store, or running on the host.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DevstackOnEc2EndToEndTest {
    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final Ec2Double ec2 = Ec2TestDouble.start();
    private final DeploymentStore store = TestStores.newStore();
    private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
            FunctionSettings.builder().instanceId("fn-ec2-e2e").build());
    private EventWire events;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final String deployUser = FakeDevstack.newDeployUser();
    private Path authorizedKeys;
    private String authorizedBefore;
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void setUp() throws Exception {
        authorizedKeys = sshd.dir().resolve("authorized_keys");
        authorizedBefore = Files.readString(authorizedKeys);
        ec2.publicIp("127.0.0.1").authorizeLaunchKeysIn(authorizedKeys);
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(Tee.of(originalOut, log));
        System.setErr(Tee.of(originalErr, log));
    }

    @AfterEach
    void tearDown() throws Exception {
        System.setOut(originalOut);
        System.setErr(originalErr);
        ec2.close();
        Files.writeString(authorizedKeys, authorizedBefore);
        FakeDevstack.removeDeployUser(deployUser);
    }

    private ObjectNode devstackOnEc2() {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"clean\":true,"
                + "\"stack_timeout_seconds\":120,\"local_conf\":{\"ENABLED_SERVICES+\":\",heat\"}}", "e2e");
        c.put("devstack_repo", devstack.repoUrl()).put("devstack_branch", FakeDevstack.BRANCH)
                .put("deploy_user", deployUser);
        ObjectNode provider = Ec2TestDouble.config(ec2);
        provider.putObject("ssh").put("user", "root").put("port", sshd.port()).put("connect_timeout_seconds", 5);
        provider.putObject("ready").put("when", "ssh").put("timeout_seconds", 60).put("poll_interval_ms", 100);
        c.set("provider", provider);
        return c;
    }



    private EventWire events() {
        if (events == null) {
            events = new EventWire(functions::handle);
        }
        return events;
    }

    @Test
    void devstackOnEc2_requestedFinishedDestroyed_leavesNothingInEc2_andNoSecretOnTheWireOrInTheLog() throws Exception {
        Deployment d = store.create(Deployment.newDeployment("ec2-ds-" + UUID.randomUUID().toString().substring(0, 8),
                devstackOnEc2().toString()));

        // ---- deploy: the provider creates a security group, a key pair and an instance; DevStack runs over SSH
        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "finished");
        Deployment finished = store.get(d.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DeploymentStatus.DEPLOY_FINISHED);
        Server server = finished.servers().get(0);
        assertThat(server.address()).isEqualTo("root@127.0.0.1:" + sshd.port());
        assertThat(server.resourceId()).isEqualTo("server-0");
        String privateKey = server.privateKey();
        assertThat(privateKey).as("the created key pair's private key, kept with the deployment").isNotBlank();
        Credential admin = finished.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://127.0.0.1/identity/v3");
        assertThat(store.listResources(d.id())).extracting(r -> r.owner() + "/" + r.resourceId())
                .containsExactlyInAnyOrder("Ec2Provider/key-pair", "Ec2Provider/security-group",
                        "Ec2Provider/server-0", "DevstackEngine/" + store.listResources(d.id()).stream()
                                .filter(r -> r.owner().equals("DevstackEngine")).map(ResourceRecord::resourceId)
                                .findFirst().orElse("?"));
        assertThat(Ec2TestDouble.liveInstances(ec2, d.id())).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo("running"));
        String pid = FakeDevstack.stackPid(deployUser).orElseThrow();
        assertThat(FakeDevstack.running(pid)).as("stack.sh's process").isTrue();

        // ---- destroy: unstack.sh and clean.sh over SSH, then the provider removes everything it made
        List<CloudEvent> destroyed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished,
                "/test"));

        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
        assertThat(ec2.inventory().leftovers()).as("what is left in EC2").isEmpty();
        assertThat(ec2.inventory().instances()).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo("terminated"));
        Await.until("stack.sh's process " + pid + " stopped by unstack.sh", Duration.ofSeconds(5),
                () -> !FakeDevstack.running(pid));
        assertThat(FakeDevstack.home(deployUser).resolve("stack-marker")).as("removed by clean.sh").doesNotExist();

        // ---- neither the private key nor the admin password in any event or log line
        String logged;
        synchronized (log) {
            logged = log.toString(StandardCharsets.UTF_8);
        }
        assertThat(logged).contains("Ec2Provider: key pair cloudrig-" + d.id());
        List<String> secrets = new ArrayList<>(privateKey.lines().filter(l -> l.length() >= 16 && !l.startsWith("-----"))
                .limit(3).toList());
        secrets.add(admin.password());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            assertThat(events().wire().stream().anyMatch(json -> json.contains(secret))).as("an event holds secret #%d", i).isFalse();
            assertThat(logged.contains(secret)).as("the log holds secret #%d", i).isFalse();
        }
    }
}
