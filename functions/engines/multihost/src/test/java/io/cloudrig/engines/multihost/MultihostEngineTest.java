package io.cloudrig.engines.multihost;

import io.cloudrig.testkit.Repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The three saga steps of MultihostEngine, with real Deployment objects in the DynamoDB Local store. */
class MultihostEngineTest {
    private static final DeploymentStore STORE = TestStores.newStore();
    private final MultihostEngineFactory factory = new MultihostEngineFactory();
    private final List<String> progress = new ArrayList<>();

    private static JsonNode sample() throws Exception {
        return Json.parse(Files.readString(Repo.samples().resolve("multihost.json")), "multihost.json");
    }

    private PluginContext ctx(Deployment parent, List<Deployment> children) {
        return PluginContexts.of(parent, STORE, MultihostEngineFactory.NAME, progress::add, children);
    }

    private static Deployment finishedChild(Deployment parent, String suffix, JsonNode config, String authUrl) {
        Credential admin = Credential.builder().authUrl(authUrl).username("admin").password("ctl-" + UUID.randomUUID())
                .projectName("admin").userDomainName("Default").projectDomainName("Default")
                .permission(Credential.Permission.ADMIN).build();
        return Deployment.builder().id(UUID.randomUUID().toString()).name(parent.name() + "-" + suffix)
                .parentId(parent.id()).config(config.toString()).status(DeploymentStatus.DEPLOY_FINISHED)
                .credentials(Credentials.openstack(admin, List.of())).build();
    }

    @Test
    void deploy_stepByStep_controllerThenNodesWithControllerIp_thenFinishesWithControllerCredentials() throws Exception {
        JsonNode config = sample();
        Deployment parent = STORE.create(Deployment.newDeployment("mh-" + UUID.randomUUID(), config.toString()));

        // step 1: only the controller
        DeployOutcome first = factory.create(config, ctx(parent, List.of())).deploy(List.of());
        assertThat(first.isFinished()).isFalse();
        assertThat(first.children()).singleElement().satisfies(c -> {
            assertThat(c.suffix()).isEqualTo("controller");
            assertThat(c.config()).isEqualTo(config.get("controller"));
        });
        assertThat(Json.parse(first.engineState(), "s").path("phase").asText()).isEqualTo("controller");

        // step 2: the controller finished → nodes with {controller_ip} replaced
        Deployment controller = finishedChild(parent, "controller", config.get("controller"),
                "http://10.2.0.8/identity/v3");
        Deployment p2 = parent.toBuilder().engineState(first.engineState()).build();
        DeployOutcome second = factory.create(config, ctx(p2, List.of(controller))).deploy(List.of());
        assertThat(second.isFinished()).isFalse();
        assertThat(second.children()).hasSize(2);
        JsonNode node0 = second.children().get(0).config();
        assertThat(second.children().get(0).suffix()).isEqualTo("node-0");
        assertThat(node0.at("/local_conf/SERVICE_HOST").asText()).isEqualTo("10.2.0.8");
        assertThat(node0.at("/local_conf/GLANCE_HOSTPORT").asText()).isEqualTo("10.2.0.8:9292");
        assertThat(node0.toString()).doesNotContain("{controller_ip}");
        assertThat(node0.at("/provider/credentials/0/host").asText()).isEqualTo("10.2.0.9");
        // DevStack nodes share the controller's passwords (the others derive from ADMIN_PASSWORD)
        String ctlPassword = controller.credentials().forPlatform("openstack").get(0).admin().password();
        assertThat(node0.at("/local_conf/ADMIN_PASSWORD").asText()).isEqualTo(ctlPassword);
        JsonNode state2 = Json.parse(second.engineState(), "s");
        assertThat(state2.path("phase").asText()).isEqualTo("nodes");
        assertThat(state2.path("controller_ip").asText()).isEqualTo("10.2.0.8");
        assertThat(second.engineState()).doesNotContain(ctlPassword);

        // step 3: the nodes finished → the controller's credentials
        Deployment p3 = parent.toBuilder().engineState(second.engineState()).build();
        List<Deployment> all = new ArrayList<>(List.of(controller));
        for (DeployOutcome.ChildSpec c : second.children()) {
            all.add(finishedChild(parent, c.suffix(), c.config(), "http://10.2.0.99/identity/v3"));
        }
        DeployOutcome third = factory.create(config, ctx(p3, all)).deploy(List.of());
        assertThat(third.isFinished()).isTrue();
        assertThat(third.credentials()).isEqualTo(controller.credentials());
        assertThat(String.join("\n", progress)).doesNotContain(ctlPassword);
    }

    @Test
    void nodes_getTheServicePasswordsTheControllerSetsInLocalrcOrLocalConf_unlessTheyHaveTheirOwn() throws Exception {
        ObjectNode config = (ObjectNode) sample();
        ObjectNode ctl = (ObjectNode) config.get("controller");
        ctl.putObject("localrc").put("DATABASE_PASSWORD", "db-from-localrc-1").put("RABBIT_PASSWORD", "rabbit-lrc-2");
        ctl.with("local_conf").put("RABBIT_PASSWORD", "rabbit-from-local-conf-3");
        ((ObjectNode) config.get("nodes").get(1)).with("local_conf").put("SERVICE_PASSWORD", "node-own-4");
        Deployment parent = STORE.create(Deployment.newDeployment("mh-" + UUID.randomUUID(), config.toString()));
        DeployOutcome first = factory.create(config, ctx(parent, List.of())).deploy(List.of());
        Deployment controller = finishedChild(parent, "controller", config.get("controller"), "http://10.2.0.8/identity/v3");

        DeployOutcome nodes = factory.create(config, ctx(parent.toBuilder().engineState(first.engineState()).build(),
                List.of(controller))).deploy(List.of());

        for (DeployOutcome.ChildSpec node : nodes.children()) {
            assertThat(node.config().at("/local_conf/DATABASE_PASSWORD").asText()).isEqualTo("db-from-localrc-1");
            assertThat(node.config().at("/local_conf/RABBIT_PASSWORD").asText()).as("local_conf wins, as in DevstackEngine")
                    .isEqualTo("rabbit-from-local-conf-3");
        }
        assertThat(nodes.children().get(0).config().at("/local_conf/SERVICE_PASSWORD").isMissingNode())
                .as("not set by the controller: derived from the shared admin password").isTrue();
        assertThat(nodes.children().get(1).config().at("/local_conf/SERVICE_PASSWORD").asText()).isEqualTo("node-own-4");
    }

    @Test
    void substitute_replacesThePlaceholderInEveryStringAtAnyDepth_andLeavesOtherValues() {
        JsonNode in = Json.parse("{\"a\":\"{controller_ip}\",\"b\":[\"x-{controller_ip}-{controller_ip}\",1,true],"
                + "\"c\":{\"d\":{\"e\":\"http://{controller_ip}:5000\"}},\"n\":null,\"k{controller_ip}\":2}", "in");
        JsonNode out = MultihostEngine.substitute(in, "192.0.2.1");
        assertThat(out).isEqualTo(Json.parse("{\"a\":\"192.0.2.1\",\"b\":[\"x-192.0.2.1-192.0.2.1\",1,true],"
                + "\"c\":{\"d\":{\"e\":\"http://192.0.2.1:5000\"}},\"n\":null,\"k{controller_ip}\":2}", "out"));
        assertThat(in.path("a").asText()).isEqualTo("{controller_ip}");
    }

    @Test
    void hostOf_readsTheHostOfTheAuthUrl_includingIpv6AndPorts() {
        assertThat(MultihostEngine.hostOf("http://10.2.0.8/identity/v3")).isEqualTo("10.2.0.8");
        assertThat(MultihostEngine.hostOf("https://ctl.example.org:5000/v2.0/")).isEqualTo("ctl.example.org");
        assertThat(MultihostEngine.hostOf("http://[2001:db8::1]:5000/v3")).isEqualTo("2001:db8::1");
        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> MultihostEngine.hostOf("not a url"));
        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_FAILED);
    }

    @Test
    void deploy_withNoNodes_finishesRightAfterTheController() throws Exception {
        JsonNode config = ((com.fasterxml.jackson.databind.node.ObjectNode) sample()).set("nodes",
                Json.parse("[]", "n"));
        Deployment parent = STORE.create(Deployment.newDeployment("mh-" + UUID.randomUUID(), config.toString()));
        DeployOutcome first = factory.create(config, ctx(parent, List.of())).deploy(List.of());
        Deployment controller = finishedChild(parent, "controller", config.get("controller"), "http://10.0.0.5/identity");
        DeployOutcome second = factory.create(config, ctx(parent.toBuilder().engineState(first.engineState()).build(),
                List.of(controller))).deploy(List.of());
        assertThat(second.isFinished()).isTrue();
        assertThat(second.credentials()).isEqualTo(controller.credentials());
    }

    @Test
    void nestedConfigs_areTheControllerAndEachNode_asEngines() throws Exception {
        assertThat(factory.nestedConfigs(sample())).extracting(n -> n.pointer() + " " + n.kind())
                .containsExactly("/controller ENGINE", "/nodes/0 ENGINE", "/nodes/1 ENGINE");
        assertThat(factory.providerConfig(sample())).isEmpty();
    }
}
