package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClustersTest extends FuelDoubleTestBase {

    /** Rally fuelclient.py FuelCluster.__init__ posts {name, release, mode, net_provider, net_segment_type};
     *  7.0 objects/cluster.py Cluster.create takes "release" for release_id; models/cluster.py defaults. */
    @Test
    void create_withRallysPayload_gives201WithNewClusterAndPendingChanges() {
        NailgunClient.Reply r = api.post("clusters", Map.of("name", "Rally HA 01", "release", JUNO,
                "mode", "ha_compact", "net_provider", "nova_network", "net_segment_type", "gre"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode c = r.json();
        assertThat(c.get("name").asText()).isEqualTo("Rally HA 01");
        assertThat(c.get("release_id").asInt()).isEqualTo(JUNO);
        assertThat(c.get("status").asText()).isEqualTo("new");
        assertThat(c.get("mode").asText()).isEqualTo("ha_compact");
        assertThat(c.get("net_provider").asText()).isEqualTo("nova_network");
        assertThat(c.get("fuel_version").asText()).isEqualTo("7.0");
        assertThat(c.get("changes").findValuesAsText("name")).contains("attributes", "networks");
        assertThat(api.get("clusters/" + c.get("id").asInt()).json()).isEqualTo(c);
    }

    /** validators/cluster.py ClusterValidator.validate: AlreadyExists → 409 (a retry with the same name fails). */
    @Test
    void create_whenNameIsTaken_gives409() {
        createCluster("env-1", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = api.post("clusters", Map.of("name", "env-1", "release", JUNO));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asText()).isEqualTo("Environment with this name already exists");
    }

    /** ClusterValidator.validate: no release → "Release ID is required"; _validate_common: "Invalid release ID". */
    @Test
    void create_withoutOrWithUnknownRelease_gives400() {
        NailgunClient.Reply missing = api.post("clusters", Map.of("name", "x"));
        NailgunClient.Reply unknown = api.post("clusters", Map.of("name", "x", "release", 42));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asText()).isEqualTo("Release ID is required");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Invalid release ID");
    }

    /** 7.0 ClusterValidator._validate_common: a release that is not deployable → NotAllowed → 403. */
    @Test
    void create_onUndeployableRelease_gives403() {
        NailgunClient.Reply r = api.post("clusters", Map.of("name", "x", "release", KILO_CENTOS));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText()).isEqualTo("Release with ID '2' is not deployable.");
    }

    /** 7.0 ClusterValidator._validate_mode: Rally's "multinode" samples fail on a 7.0 release. */
    @Test
    void create_withModeTheReleaseDoesNotOffer_gives400NamingAllowedModes() {
        NailgunClient.Reply r = api.post("clusters", Map.of("name", "x", "release", KILO_UBUNTU, "mode", "multinode"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText())
                .isEqualTo("Cannot deploy in multinode mode in current release. Need to be one of: ha_compact");
    }

    /** json_schema/cluster.py single_schema: mode and net_provider are enums (jsonschema's wording). */
    @Test
    void create_withUnknownModeOrProvider_gives400NamingFieldAndValues() {
        NailgunClient.Reply mode = api.post("clusters", Map.of("name", "x", "release", JUNO, "mode", "ha"));
        NailgunClient.Reply net = api.post("clusters", Map.of("name", "x", "release", JUNO, "net_provider", "ovs"));

        assertThat(mode.status()).isEqualTo(400);
        assertThat(mode.json().get("message").asText()).startsWith("\"ha\" is not one of ['multinode', 'ha_full', "
                + "'ha_compact']").contains("['mode']");
        assertThat(net.status()).isEqualTo(400);
        assertThat(net.json().get("message").asText()).contains("['net_provider']");
    }

    /** models/cluster.py: name = Column(Unicode(50), unique=True, nullable=False). */
    @Test
    void create_withNameLongerThan50_gives400() {
        NailgunClient.Reply r = api.post("clusters", Map.of("name", "n".repeat(51), "release", JUNO));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("character varying(50)");
    }

    /** ClusterValidator.validate_update: "Changing 'net_provider' for environment is prohibited"; names unique. */
    @Test
    void update_refusesProviderChangeAndTakenName() {
        int a = createCluster("a", JUNO, "multinode", "nova_network");
        createCluster("b", JUNO, "multinode", "nova_network");

        NailgunClient.Reply provider = api.put("clusters/" + a, Map.of("net_provider", "neutron"));
        NailgunClient.Reply name = api.put("clusters/" + a, Map.of("name", "b"));
        NailgunClient.Reply rename = api.put("clusters/" + a, Map.of("name", "a2"));

        assertThat(provider.status()).isEqualTo(400);
        assertThat(provider.json().get("message").asText())
                .isEqualTo("Changing 'net_provider' for environment is prohibited");
        assertThat(name.status()).isEqualTo(409);
        assertThat(rename.json().get("name").asText()).isEqualTo("a2");
    }

    /** get_object_or_404 on objects.Cluster. */
    @Test
    void get_whenUnknown_gives404ClusterNotFound() {
        NailgunClient.Reply r = api.get("clusters/7");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).isEqualTo("Cluster not found");
    }

    /** ClusterHandler.DELETE (202, body "{}"), ClusterDeletionManager (status remove, pending_deletion, task
     *  cluster_deletion), receiver.remove_cluster_resp (rows deleted); the erased nodes register again. */
    @Test
    void delete_removesClusterAfterDeletionTask_andNodesReturnToThePoolAsNewNodes() {
        int c = readyToDeploy("doomed");

        NailgunClient.Reply r = api.delete("clusters/" + c);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(api.get("clusters/" + c).json().get("status").asText()).isEqualTo("remove");
        assertThat(node(1).get("pending_deletion").asBoolean()).isTrue();
        assertThat(api.get("tasks?cluster_id=" + c).json().findValuesAsText("name")).contains("cluster_deletion");

        clock.advanceSeconds(10);
        assertThat(api.get("clusters/" + c).status()).isEqualTo(404);
        assertThat(macs(api.get("nodes").json())).doesNotContain(MAC1, MAC2);

        clock.advanceSeconds(20);
        JsonNode pool = api.get("nodes?cluster_id=").json();
        assertThat(macs(pool)).contains(MAC1, MAC2);
        JsonNode back = api.get("nodes").json().get(pool.size() - 1);
        assertThat(back.get("id").asInt()).isGreaterThan(5);
        assertThat(back.get("status").asText()).isEqualTo("discover");
        assertThat(back.get("cluster").isNull()).isTrue();
    }

    /** ClusterDeletionManager: a running cluster_deletion task → DeletionAlreadyStarted → 400. */
    @Test
    void delete_whileDeletionRuns_gives400() {
        int c = createCluster("twice", JUNO, "multinode", "nova_network");
        api.delete("clusters/" + c);

        NailgunClient.Reply r = api.delete("clusters/" + c);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Environment removal already started");
    }

    /** An erased node that is offline cannot boot the bootstrap image, so it does not register until it is back. */
    @Test
    void delete_whenANodeIsOffline_thatNodeReturnsOnlyOnceOnline() {
        int c = readyToDeploy("offline");
        api.delete("clusters/" + c);
        fuel.faults().nodeOffline(MAC2);

        clock.advanceSeconds(30);
        assertThat(fuel.unallocatedNodes()).extracting(FuelView.Node::mac).contains(MAC1).doesNotContain(MAC2);

        fuel.faults().nodeOnline(MAC2);
        assertThat(fuel.unallocatedNodes()).extracting(FuelView.Node::mac).contains(MAC1, MAC2);
    }
}
