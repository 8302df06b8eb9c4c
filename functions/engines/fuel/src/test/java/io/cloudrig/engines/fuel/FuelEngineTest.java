package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.contracts.ContractLedger;
import io.cloudrig.doubles.fuel.FuelView;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.DeployOutcome;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** FuelEngine on its own (no functions around it) against the Nailgun double: the behaviours the contract does not name. */
class FuelEngineTest {
    private static final DeploymentStore STORE = TestStores.newStore();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private FuelTestBed bed;

    @AfterEach
    void stopMaster() {
        if (bed != null) {
            bed.close();
        }
    }

    private Deployment deployment(JsonNode config) {
        return STORE.create(Deployment.newDeployment("fuel-" + UUID.randomUUID(), config.toString()));
    }

    private PluginContext context(Deployment d) {
        return context(d, new StoreResourceLedger(STORE, d.id(), FuelEngineFactory.NAME));
    }

    private PluginContext context(Deployment d, ResourceLedger ledger) {
        return PluginContexts.of(d, ledger, progress::add, List.of());
    }

    private FuelEngine engine(Deployment d) {
        return engine(d, context(d));
    }

    private static FuelEngine engine(Deployment d, PluginContext context) {
        return (FuelEngine) new FuelEngineFactory().create(d.configJson(), context);
    }

    private List<ResourceRecord> records(Deployment d) {
        return STORE.listResources(d.id());
    }

    @Test
    void advance_whileTheMasterDeploys_returnsNotYet_andANewEngineContinuesTheSameDeployment() {
        bed = FuelTestBed.start();
        bed.fuel.faults().stallDeployments(50);
        Deployment d = deployment(bed.config());

        FuelEngine first = engine(d);
        for (int i = 0; i < 60 && !runningAt(50); i++) {
            assertThat(first.advance()).as("advance #%d while the master deploys", i).isEmpty();
        }
        assertThat(runningAt(50)).as("the deploy task stalled at 50 %").isTrue();
        ResourceRecord record = records(d).get(0);
        assertThat(record.info().has("deploy_task_id")).isTrue();

        // a new engine (a retried event, another function after a crash) continues: no second environment or deploy
        FuelEngine second = engine(d);
        assertThat(second.advance()).isEmpty();
        bed.fuel.faults().resumeDeployments();
        DeployOutcome outcome = second.deploy(List.of());

        assertThat(outcome.isFinished()).isTrue();
        assertThat(bed.fuel.calls().count("POST /clusters")).isEqualTo(1);
        assertThat(bed.fuel.calls().count("PUT /clusters/{id}/changes")).isEqualTo(1);
        assertThat(bed.fuel.calls().count("POST /clusters/{id}/assignment")).isEqualTo(1);
        assertThat(records(d)).singleElement().satisfies(r -> {
            assertThat(r.externalId()).isEqualTo(record.externalId());
            assertThat(r.state()).isEqualTo(ResourceState.CREATED);
        });
        assertThat(bed.clusterOf(d.id()).orElseThrow().status()).isEqualTo("operational");
        assertThat(progress).contains("FuelEngine: environment '" + first.clusterName() + "': deploying, 50 %");
    }

    private boolean runningAt(int percent) {
        return bed.fuel.tasks().stream().anyMatch(t -> t.name().equals("deploy") && t.status().equals("running")
                && t.progress() == percent);
    }

    @Test
    void deploy_multinode_returnsTheControllersPublicAddress_andTheAdminOfTheAttributes_withProgressLines() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.config());

        DeployOutcome outcome = engine(d).deploy(List.of());

        Credential admin = outcome.credentials().forPlatform("openstack").get(0).admin();
        assertThat(admin.authUrl()).isEqualTo("http://10.3.3.5:5000/v2.0/");
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.tenantName()).isEqualTo("admin");
        assertThat(admin.permission()).isEqualTo(Credential.Permission.ADMIN);
        assertThat(admin.password().equals(FuelTestBed.ADMIN_PASSWORD)).as("the configured admin password").isTrue();
        FuelView.Cluster cluster = bed.clusterOf(d.id()).orElseThrow();
        assertThat(cluster.name()).startsWith("Rally multinode 01 [").hasSize("Rally multinode 01 [".length() + 13);
        assertThat(bed.fuel.nodes()).filteredOn(n -> cluster.id() == (n.clusterId() == null ? -1 : n.clusterId()))
                .extracting(FuelView.Node::mac, FuelView.Node::roles)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("52:54:00:00:00:01", List.of("controller")),
                        org.assertj.core.groups.Tuple.tuple("52:54:00:00:00:02", List.of("compute")));
        assertThat(progress).anyMatch(l -> l.matches("FuelEngine: environment '.*': deploying, \\d+ %"))
                .anyMatch(l -> l.contains("is deployed: Deployment of environment"))
                .noneMatch(l -> l.contains(FuelTestBed.ADMIN_PASSWORD));
        assertThat(records(d)).singleElement().satisfies(r -> {
            assertThat(r.owner()).isEqualTo("FuelEngine");
            assertThat(r.type()).isEqualTo("fuel-cluster");
            assertThat(r.name()).isEqualTo(cluster.name());
            assertThat(r.externalId()).isEqualTo(String.valueOf(cluster.id()));
            assertThat(r.info().toString()).doesNotContain(FuelTestBed.ADMIN_PASSWORD);
            assertThat(r.info().path("nodes")).hasSize(2);
        });
    }

    @Test
    void deploy_haCompact_returnsThePublicVip() throws Exception {
        bed = FuelTestBed.start();
        ObjectNode config = bed.config().put("mode", "ha_compact");
        Deployment d = deployment(config);

        Credential admin = engine(d).deploy(List.of()).credentials().forPlatform("openstack").get(0).admin();

        int id = bed.clusterOf(d.id()).orElseThrow().id();
        HttpResponse<String> net = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bed.fuel.apiUrl()
                + "clusters/" + id + "/network_configuration/nova_network")).build(), HttpResponse.BodyHandlers.ofString());
        String vip = Json.parse(net.body(), "network configuration").path("public_vip").asText();
        assertThat(vip).startsWith("10.3.3.");
        assertThat(admin.authUrl()).isEqualTo("http://" + vip + ":5000/v2.0/");
    }

    @Test
    void deploy_withoutAnAccessPassword_generatesOne_andReturnsWhatTheAttributesHold() {
        bed = FuelTestBed.start();
        ObjectNode config = bed.config();
        config.remove("access");
        Deployment d = deployment(config);

        Credential admin = engine(d).deploy(List.of()).credentials().forPlatform("openstack").get(0).admin();

        assertThat(admin.password()).hasSize(24).isNotEqualTo("admin");
        assertThat(progress).anyMatch(l -> l.endsWith("admin set in its attributes (password generated)"))
                .noneMatch(l -> l.contains(admin.password()));
    }

    @Test
    void deploy_whenTokensExpireMidDeployment_logsInAgainOnce_andFinishes() {
        bed = FuelTestBed.start(true);
        bed.fuel.faults().stallDeployments(30);
        Deployment d = deployment(bed.config());
        FuelEngine engine = engine(d);
        for (int i = 0; i < 60 && !runningAt(30); i++) {
            engine.advance();
        }
        assertThat(bed.fuel.calls().count("POST /keystone/v2.0/tokens")).isEqualTo(1);

        bed.fuel.faults().expireTokens();
        bed.fuel.faults().resumeDeployments();
        DeployOutcome outcome = engine.deploy(List.of());

        assertThat(outcome.isFinished()).isTrue();
        assertThat(bed.fuel.calls().count("POST /keystone/v2.0/tokens")).isEqualTo(2);
    }

    @Test
    void deploy_againstAMasterThatWantsTokens_withoutAuth_failsNamingTheFix() {
        bed = FuelTestBed.start(true);
        ObjectNode config = bed.config();
        config.remove("auth");
        Deployment d = deployment(config);

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> engine(d).deploy(List.of()));

        assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(e.getMessage()).contains("answered 401", "set auth.username and auth.password");
        assertThat(records(d)).isEmpty();
    }

    @Test
    void deploy_withAnUnknownRelease_failsNamingTheMastersReleases_andCreatesNothing() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.config().put("release", "Havana on CentOS 6.4"));

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> engine(d).deploy(List.of()));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).isEqualTo("FuelEngine config: release: expected one of the releases of the Fuel "
                + "master at " + bed.fuel.apiUrl() + " ['Juno on CentOS 6.5', 'Kilo on CentOS 6.5', 'Kilo on Ubuntu "
                + "14.04'] but was 'Havana on CentOS 6.4'");
        assertThat(records(d)).isEmpty();
        assertThat(bed.fuel.clusters()).isEmpty();
    }

    @Test
    void deploy_whenTheMasterRefusesTheNetworks_failsWithItsMessage_keepsTheEnvironmentRecorded_andCleanupDeletesIt() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.refusedNetworkConfig());

        CloudrigException e = catchThrowableOfType(CloudrigException.class, () -> engine(d).deploy(List.of()));

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_FAILED);
        assertThat(e.getMessage()).contains("the network verification of environment", "(task check_networks",
                "Public gateway and public ranges are not in one CIDR.");
        assertThat(records(d)).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(ResourceState.CREATED));
        assertThat(bed.clusterOf(d.id())).isPresent();

        engine(d).cleanup(List.of());

        assertThat(records(d)).isEmpty();
        assertThat(bed.fuel.clusters()).isEmpty();
        assertThat(bed.freeNodes()).isEqualTo(FuelTestBed.NODES.size());
    }

    @Test
    void deploy_whenTheRecordCouldNotBeMarkedCreated_theRetryFindsTheEnvironmentByName_insteadOfASecondOne() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.config());
        ContractLedger failing = ContractLedger.faulty(new StoreResourceLedger(STORE, d.id(), "FuelEngine"),
                ContractLedger.Fault.FAIL_CREATED, 0);

        catchThrowableOfType(RuntimeException.class, () -> engine(d, context(d, failing)).deploy(List.of()));
        assertThat(failing.fired()).isTrue();
        assertThat(records(d)).singleElement().satisfies(r -> assertThat(r.externalId()).isNull());

        engine(d).deploy(List.of());

        assertThat(bed.fuel.calls().count("POST /clusters")).isEqualTo(1);
        assertThat(bed.fuel.clusters()).hasSize(1);
        assertThat(records(d).get(0).externalId()).isEqualTo(String.valueOf(bed.fuel.clusters().get(0).id()));
        assertThat(progress).anyMatch(l -> l.contains("made by an earlier attempt"));
    }

    @Test
    void cleanup_whenANodeIsOffline_deletesTheEnvironment_waitsForTheOthers_andNamesIt() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.config());
        engine(d).deploy(List.of());
        bed.fuel.faults().nodeOffline("52:54:00:00:00:02");

        engine(d).cleanup(List.of());

        assertThat(records(d)).isEmpty();
        assertThat(bed.fuel.clusters()).isEmpty();
        assertThat(bed.fuel.unallocatedNodes()).extracting(FuelView.Node::mac).contains("52:54:00:00:00:01")
                .doesNotContain("52:54:00:00:00:02");
        assertThat(progress).contains("FuelEngine: environment '" + engine(d).clusterName() + "': node(s) "
                + "[52:54:00:00:00:02] are offline; Fuel cannot erase them, so they are not awaited");
    }

    @Test
    void cleanup_withARecordButNoEnvironment_forgetsTheRecord() {
        bed = FuelTestBed.start();
        Deployment d = deployment(bed.config());
        ContractLedger crashing = ContractLedger.faulty(new StoreResourceLedger(STORE, d.id(), "FuelEngine"),
                ContractLedger.Fault.CRASH_AFTER_BEGIN, 0);
        catchThrowableOfType(RuntimeException.class, () -> engine(d, context(d, crashing)).deploy(List.of()));
        assertThat(records(d)).hasSize(1);

        engine(d).cleanup(List.of());

        assertThat(records(d)).isEmpty();
        assertThat(bed.fuel.calls().count("DELETE /clusters/{id}")).isZero();
    }

    @Test
    void advance_isOneBoundedSlice_itReturnsWithoutWaiting() {
        bed = FuelTestBed.start();
        bed.fuel.faults().stallDeployments(10);
        Deployment d = deployment(bed.config());

        Optional<DeployOutcome> once = engine(d).advance();

        assertThat(once).isEmpty();
        assertThat(bed.fuel.calls().count("PUT /clusters/{id}/network_configuration/nova_network/verify")).isEqualTo(1);
        assertThat(bed.fuel.calls().count("PUT /clusters/{id}/changes")).isZero();
    }
}
