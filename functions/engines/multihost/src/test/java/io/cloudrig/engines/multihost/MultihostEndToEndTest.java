package io.cloudrig.engines.multihost;

import io.cloudrig.testkit.EventWire;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.Tee;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.LocalSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FINISHED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MultihostEngine through the deployment functions, end to end on real components: the product's plugin registry
 * (ServiceLoader), the DynamoDB Local store, a Debian OpenSSH server on 127.0.0.1 and {@link FakeDevstack}. A
 * controller and two nodes, each a DevstackEngine on ExistingServers pointing at that sshd, each with its own deploy
 * user (so the three installs on one host have their own clone, local.conf and stack.sh process). Events go through
 * their JSON events().wire() form and back into {@link DeploymentOrchestrator#handle}, as a broker would deliver them, until no
 * function has anything left to do.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultihostEndToEndTest {
    private static final String CONTROLLER_IP = "127.0.0.1";

    private final LocalSshd sshd = LocalSshd.get();
    private final FakeDevstack devstack = FakeDevstack.get();
    private final DeploymentStore store = TestStores.newStore();
    private final DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
            FunctionSettings.builder().instanceId("fn-multihost-test").build());
    private EventWire events;
    /** Deploy users of the controller, node 0 and node 1. */
    private final Map<String, String> users = new LinkedHashMap<>();
    /** Every event emitted, as it went over the events().wire(). */
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureLogOutput() {
        for (String role : List.of("controller", "node-0", "node-1")) {
            users.put(role, FakeDevstack.newDeployUser());
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(Tee.of(originalOut, log));
        System.setErr(Tee.of(originalErr, log));
    }

    @AfterEach
    void restoreLogOutputAndRemoveDeployUsers() throws Exception {
        System.setOut(originalOut);
        System.setErr(originalErr);
        for (String user : users.values()) {
            FakeDevstack.removeDeployUser(user);
        }
    }

    private ObjectNode devstackOnTheLocalSshd(String role, String providerType, String localConf) {
        ObjectNode c = (ObjectNode) Json.parse("{\"type\":\"DevstackEngine\",\"clean\":true,"
                + "\"stack_timeout_seconds\":120,\"local_conf\":" + localConf + "}", role);
        c.put("devstack_repo", devstack.repoUrl()).put("devstack_branch", FakeDevstack.BRANCH)
                .put("deploy_user", users.get(role));
        ObjectNode provider = c.putObject("provider").put("type", providerType);
        provider.putArray("credentials").addObject().put("host", "127.0.0.1").put("port", sshd.port())
                .put("user", "root").put("key", sshd.clientKey());
        return c;
    }

    private ObjectNode multihostConfig() {
        String nodeConf = "{\"MULTI_HOST\":\"1\",\"ENABLED_SERVICES\":\"n-cpu,placement-client,q-agt\","
                + "\"SERVICE_HOST\":\"{controller_ip}\",\"MYSQL_HOST\":\"{controller_ip}\","
                + "\"GLANCE_HOSTPORT\":\"{controller_ip}:9292\"}";
        ObjectNode c = Json.MAPPER.createObjectNode().put("type", "MultihostEngine");
        c.set("controller", devstackOnTheLocalSshd("controller", "DummyProvider",
                "{\"MULTI_HOST\":\"1\",\"ENABLED_SERVICES+\":\",-n-cpu\"}"));
        c.putArray("nodes").add(devstackOnTheLocalSshd("node-0", "ExistingServers", nodeConf))
                .add(devstackOnTheLocalSshd("node-1", "DummyProvider", nodeConf));
        return c;
    }



    private EventWire events() {
        if (events == null) {
            events = new EventWire(functions::handle);
        }
        return events;
    }

    @Test
    void deployThenDestroyParent_controllerAndTwoNodesOnExistingServers_nodesGetControllerIp_destroyCleansAllThree()
            throws Exception {
        Deployment parent = store.create(Deployment.newDeployment("mh-" + UUID.randomUUID().toString().substring(0, 8),
                multihostConfig().toString()));

        // ---- deploy: the parent waits in subdeploy for the controller, then for the nodes, then finishes
        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, parent,
                "/test"));

        assertThat(EventWire.typesAbout(parent.id(), deployed)).containsExactly("servers_created", "children_finished",
                "children_finished", "finished");
        Deployment finished = store.get(parent.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(DEPLOY_FINISHED);
        List<Deployment> children = store.listChildren(parent.id());
        assertThat(children).extracting(Deployment::name).containsExactlyInAnyOrder(parent.name() + "-controller",
                parent.name() + "-node-0", parent.name() + "-node-1");
        assertThat(children).extracting(Deployment::parentId).containsOnly(parent.id());
        assertThat(children).extracting(Deployment::status).containsOnly(DEPLOY_FINISHED);
        Deployment controller = children.stream().filter(c -> c.name().endsWith("-controller")).findFirst()
                .orElseThrow();
        assertThat(finished.credentials()).isEqualTo(controller.credentials());
        Credential admin = finished.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://" + CONTROLLER_IP + "/identity/v3");
        assertThat(admin.password()).hasSize(24);

        Map<String, String> localConfs = new LinkedHashMap<>();
        for (Map.Entry<String, String> u : users.entrySet()) {
            localConfs.put(u.getKey(), Files.readString(FakeDevstack.localConf(u.getValue())));
        }
        List<String> controllerSecrets = FakeDevstack.secretsOf(localConfs.get("controller"));
        // compared without printing them: a failing assertion must not put passwords into the test report
        assertThat(localConfs.get("controller").contains("ADMIN_PASSWORD=" + admin.password() + "\n"))
                .as("the controller's local.conf has the returned admin password").isTrue();
        assertThat(FakeDevstack.withoutSecrets(localConfs.get("controller"))).contains("MULTI_HOST=1\n")
                .doesNotContain("SERVICE_HOST");
        for (String node : List.of("node-0", "node-1")) {
            assertThat(FakeDevstack.withoutSecrets(localConfs.get(node))).as(node).contains(
                    "SERVICE_HOST=" + CONTROLLER_IP + "\n", "MYSQL_HOST=" + CONTROLLER_IP + "\n",
                    "GLANCE_HOSTPORT=" + CONTROLLER_IP + ":9292\n", "ENABLED_SERVICES=n-cpu,placement-client,q-agt\n");
            assertThat(localConfs.get(node).contains("{controller_ip}")).as(node + ": a {controller_ip} left")
                    .isFalse();
            // a DevStack node must share the controller's database, RabbitMQ and service passwords
            assertThat(FakeDevstack.secretsOf(localConfs.get(node)).equals(controllerSecrets))
                    .as(node + " has the controller's passwords").isTrue();
        }
        Map<String, String> pids = new LinkedHashMap<>();
        for (Map.Entry<String, String> u : users.entrySet()) {
            pids.put(u.getKey(), FakeDevstack.stackPid(u.getValue()).orElseThrow());
        }
        assertThat(pids.values()).doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(FakeDevstack.running(pid)).as("stack.sh's process %s", pid).isTrue());
        for (Deployment c : children) {
            assertThat(store.listResources(c.id())).as(c.name()).singleElement()
                    .satisfies(r -> assertThat(r.owner()).isEqualTo("DevstackEngine"));
        }
        assertThat(store.listResources(parent.id())).isEmpty();

        // ---- destroy the parent: its children first (unstack.sh on each install), then the parent itself
        List<CloudEvent> destroyed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, finished,
                "/test"));

        assertThat(EventWire.typesAbout(parent.id(), destroyed)).containsExactly("destroy_requested", "destroyed");
        for (Deployment d : List.of(finished, children.get(0), children.get(1), children.get(2))) {
            assertThat(EventWire.typesAbout(d.id(), destroyed)).as(d.name()).endsWith("destroyed");
            CloudEvent last = destroyed.stream().filter(e -> d.id().equals(e.getSubject())).reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(DeploymentEvents.data(last).status()).as(d.name())
                    .isEqualTo(DeploymentStatus.CLEANUP_FINISHED.value());
            assertThat(store.get(d.id())).as(d.name() + " deleted after cleanup->finished").isEmpty();
            assertThat(store.listResources(d.id())).as(d.name() + " resource records").isEmpty();
        }
        for (Map.Entry<String, String> p : pids.entrySet()) {
            Await.until(p.getKey() + "'s stack.sh process " + p.getValue() + " stopped by unstack.sh",
                    Duration.ofSeconds(5), () -> !FakeDevstack.running(p.getValue()));
            String user = users.get(p.getKey());
            assertThat(FakeDevstack.stackPid(user)).as("%s's pid file, removed by unstack.sh", p.getKey()).isEmpty();
            assertThat(FakeDevstack.home(user).resolve("stack-marker")).as("removed by clean.sh").doesNotExist();
        }

        // ---- no password and no key anywhere in what was emitted or logged
        String logged;
        synchronized (log) {
            logged = log.toString(StandardCharsets.UTF_8);
        }
        assertThat(logged).as("progress of the three installs was logged, redacted")
                .contains("[" + controller.name() + "] [127.0.0.1] admin password is ***")
                .contains("controller is up at " + CONTROLLER_IP);
        List<String> secrets = new ArrayList<>(controllerSecrets);
        assertThat(secrets).hasSize(5);
        secrets.add(sshd.clientKey().lines().skip(1).findFirst().orElseThrow());
        assertThat(events().wire()).hasSize(deployed.size() + destroyed.size());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            assertThat(events().wire().stream().anyMatch(json -> json.contains(secret))).as("an event holds secret #%d", i)
                    .isFalse();
            assertThat(logged.contains(secret)).as("the log holds secret #%d", i).isFalse();
        }
    }

    @Test
    void devstackThroughTheFunctions_whenStackShFails_marksDeployFailedWithItsLastLines_andDestroyCleansUp() {
        ObjectNode config = devstackOnTheLocalSshd("controller", "ExistingServers", "{}");
        config.put("devstack_branch", FakeDevstack.BROKEN_BRANCH);
        Deployment d = store.create(Deployment.newDeployment("ds-" + UUID.randomUUID().toString().substring(0, 8),
                config.toString()));

        List<CloudEvent> deployed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DEPLOYMENT_REQUESTED, d, "/test"));

        assertThat(EventWire.typesAbout(d.id(), deployed)).containsExactly("servers_created", "failed");
        Deployment failed = store.get(d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeploymentStatus.DEPLOY_FAILED);
        assertThat(failed.errorMessage()).contains("stack.sh", "ERROR: keystone did not start");
        assertThat(DeploymentEvents.data(deployed.get(1)).errorMessage()).contains("ERROR: keystone did not start");
        assertThat(store.listResources(d.id())).singleElement()
                .satisfies(r -> assertThat(r.owner()).isEqualTo("DevstackEngine"));

        List<CloudEvent> destroyed = events().deliverUntilQuiet(DeploymentEvents.request(EventType.DESTROY_REQUESTED, failed, "/test"));
        assertThat(EventWire.typesAbout(d.id(), destroyed)).containsExactly("destroyed");
        assertThat(store.get(d.id())).isEmpty();
        assertThat(store.listResources(d.id())).isEmpty();
    }
}
