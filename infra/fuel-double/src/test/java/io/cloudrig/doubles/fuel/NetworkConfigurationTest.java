package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkConfigurationTest extends FuelDoubleTestBase {

    private JsonNode get(int c, String provider) {
        NailgunClient.Reply r = api.get("clusters/" + c + "/network_configuration/" + provider);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static ObjectNode network(JsonNode config, String name) {
        for (JsonNode n : config.get("networks")) {
            if (n.get("name").asText().equals(name)) {
                return (ObjectNode) n;
            }
        }
        throw new AssertionError("no network " + name);
    }

    /** serializers/network_configuration.py NovaNetworkConfigurationSerializer; openstack.yaml nova_network. */
    @Test
    void novaNetwork_get_listsClusterNetworksThenAdmin_andNovaParameters() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");

        JsonNode cfg = get(c, "nova_network");

        assertThat(cfg.get("networks").findValuesAsText("name"))
                .containsExactly("public", "management", "storage", "fixed", "fuelweb_admin");
        JsonNode pub = network(cfg, "public");
        assertThat(pub.get("cidr").asText()).isEqualTo("172.16.0.0/24");
        assertThat(pub.get("ip_ranges").get(0).get(1).asText()).isEqualTo("172.16.0.127");
        assertThat(pub.get("group_id").asInt()).isEqualTo(c);
        assertThat(network(cfg, "fuelweb_admin").get("id").asInt()).isEqualTo(1);
        assertThat(cfg.at("/networking_parameters/net_manager").asText()).isEqualTo("FlatDHCPManager");
        assertThat(cfg.has("public_vip")).isFalse();
    }

    /** NeutronNetworkConfigurationSerializer; openstack.yaml neutron "private" for seg_type gre has a CIDR. */
    @Test
    void neutron_get_carriesSegmentationTypeFromClusterCreation() {
        int c = createCluster("neutron", KILO_UBUNTU, "ha_compact", "neutron");

        JsonNode cfg = get(c, "neutron");

        assertThat(cfg.at("/networking_parameters/segmentation_type").asText()).isEqualTo("gre");
        assertThat(network(cfg, "private").get("cidr").asText()).isEqualTo("192.168.2.0/24");
        assertThat(cfg.get("public_vip").asText()).isEqualTo("172.16.0.2");
        assertThat(cfg.get("management_vip").asText()).startsWith("192.168.0.");
    }

    /** NeutronNetworkConfigurationHandler.PUT: networking_parameters keys are set; the segmentation type is fixed
     *  at creation (_check_segmentation_type_changing). */
    @Test
    void neutron_put_updatesParameters_butNotTheSegmentationType() {
        int c = createCluster("neutron", KILO_UBUNTU, "ha_compact", "neutron");
        JsonNode cfg = get(c, "neutron");
        ((ObjectNode) cfg.get("networking_parameters")).set("floating_ranges",
                NailgunClient.json("[[\"172.16.0.200\", \"172.16.0.220\"]]"));

        JsonNode saved = api.put("clusters/" + c + "/network_configuration/neutron", cfg).json();
        ((ObjectNode) cfg.get("networking_parameters")).put("segmentation_type", "vlan");
        JsonNode refused = api.put("clusters/" + c + "/network_configuration/neutron", cfg).json();

        assertThat(saved.get("status").asText()).isEqualTo("ready");
        assertThat(get(c, "neutron").at("/networking_parameters/floating_ranges/0/0").asText())
                .isEqualTo("172.16.0.200");
        assertThat(refused.get("status").asText()).isEqualTo("error");
        assertThat(refused.get("message").asText()).isEqualTo("Change of 'segmentation_type' is prohibited");
    }

    /** ProviderHandler.check_net_provider. */
    @Test
    void get_withTheOtherProvider_gives400() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = api.get("clusters/" + c + "/network_configuration/neutron");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Wrong net provider - environment uses 'nova_network'");
    }

    /** Rally FuelCluster.configure_network: GET, update networks by name, PUT back; 7.0 ProviderHandler.PUT answers
     *  200 with a check_networks task, ready when saved. */
    @Test
    void put_withUpdatedPublicNetwork_savesItAndAnswersReadyTask() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");
        JsonNode cfg = get(c, "nova_network");
        ObjectNode pub = network(cfg, "public");
        pub.put("cidr", "10.3.5.0/24").put("gateway", "10.3.5.1").put("vlan_start", 15);
        ((ArrayNode) pub.putArray("ip_ranges")).addArray().add("10.3.5.5").add("10.3.5.254");

        NailgunClient.Reply r = api.put("clusters/" + c + "/network_configuration/nova_network", cfg);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("check_networks");
        assertThat(r.json().get("status").asText()).isEqualTo("ready");
        JsonNode saved = network(get(c, "nova_network"), "public");
        assertThat(saved.get("cidr").asText()).isEqualTo("10.3.5.0/24");
        assertThat(saved.get("vlan_start").asInt()).isEqualTo(15);
        assertThat(saved.get("ip_ranges").get(0).get(0).asText()).isEqualTo("10.3.5.5");
    }

    /** validators/network.py validate_networks_update: unknown ids; the error is a task, not an HTTP error. */
    @Test
    void put_withUnknownNetworkId_answersErrorTaskAndSavesNothing() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = api.put("clusters/" + c + "/network_configuration/nova_network",
                Map.of("networks", java.util.List.of(Map.of("id", 999, "cidr", "10.0.0.0/24"))));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.json().get("progress").asInt()).isEqualTo(100);
        assertThat(r.json().get("message").asText()).isEqualTo("Networks with ID's [999] are not present in the database");
    }

    /** network/checker.py check_public_floating_ranges_intersection: ranges outside the public CIDR. */
    @Test
    void put_withPublicRangeOutsideItsCidr_answersErrorTaskWithPerNetworkResult() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");
        JsonNode cfg = get(c, "nova_network");
        ObjectNode pub = network(cfg, "public");
        ((ArrayNode) pub.putArray("ip_ranges")).addArray().add("172.16.1.2").add("172.16.1.20");

        JsonNode task = api.put("clusters/" + c + "/network_configuration/nova_network", cfg).json();

        assertThat(task.get("status").asText()).isEqualTo("error");
        assertThat(task.get("message").asText()).isEqualTo("Public gateway and public ranges are not in one CIDR.");
        assertThat(task.at("/result/0/ids/0").asInt()).isEqualTo(pub.get("id").asInt());
        assertThat(network(get(c, "nova_network"), "public").at("/ip_ranges/0/0").asText()).isEqualTo("172.16.0.2");
    }

    /** checker.py check_network_address_spaces_intersection. */
    @Test
    void put_withOverlappingCidrs_answersErrorTaskNamingBothNetworks() {
        int c = createCluster("nova", JUNO, "multinode", "nova_network");
        JsonNode cfg = get(c, "nova_network");
        network(cfg, "storage").put("cidr", "192.168.0.0/23");

        JsonNode task = api.put("clusters/" + c + "/network_configuration/nova_network", cfg).json();

        assertThat(task.get("message").asText())
                .isEqualTo("Address space intersection between networks:\nmanagement, storage.");
    }

    /** Cluster.is_network_modification_locked: refused while the cluster deploys. */
    @Test
    void put_duringDeployment_gives403() {
        int c = readyToDeploy("busy");
        startDeployment(c);
        JsonNode cfg = get(c, "nova_network");

        NailgunClient.Reply r = api.put("clusters/" + c + "/network_configuration/nova_network", cfg);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText())
                .isEqualTo("Network configuration cannot be changed during deployment and after upgrade.");
    }

    /** Rally FuelCluster.verify_network; 7.0 VerifyNetworksTaskManager: a running verify_networks task (202) that
     *  ends ready with progress 100 and no message. */
    @Test
    void verify_withTwoOnlineNodes_runsThenEndsReady() {
        int c = readyToDeploy("verify");
        JsonNode cfg = get(c, "nova_network");

        NailgunClient.Reply r = api.put("clusters/" + c + "/network_configuration/nova_network/verify", cfg);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("name").asText()).isEqualTo("verify_networks");
        assertThat(r.json().get("status").asText()).isEqualTo("running");
        int id = r.json().get("id").asInt();
        clock.advanceSeconds(5);
        JsonNode done = task(id);
        assertThat(done.get("status").asText()).isEqualTo("ready");
        assertThat(done.get("progress").asInt()).isEqualTo(100);
        assertThat(done.get("message").isNull()).isTrue();
    }

    /** VerifyNetworksTaskManager.execute: fewer than two online nodes → check_networks error task, HTTP 200. */
    @Test
    void verify_withFewerThanTwoOnlineNodes_answersErrorTask() {
        int c = createCluster("lonely", JUNO, "multinode", "nova_network");
        assign(c, 1, "controller");

        NailgunClient.Reply r = api.put("clusters/" + c + "/network_configuration/nova_network/verify",
                get(c, "nova_network"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("error");
        assertThat(r.json().get("message").asText()).isEqualTo("At least two online nodes are required to be in the "
                + "environment for network verification.");
    }

    /** Fault: Astute reports a failed verification; Rally raised FuelNetworkVerificationFailed on the message.
     *  A second verify while one runs: CantRemoveOldVerificationTask → 400. */
    @Test
    void verify_whenFaultInjected_endsInErrorWithMessage_andASecondVerifyWhileRunningGives400() {
        int c = readyToDeploy("verify");
        fuel.faults().failNextNetworkVerification("VLAN 102 is not reachable from node-2");
        int id = api.put("clusters/" + c + "/network_configuration/nova_network/verify", get(c, "nova_network"))
                .json().get("id").asInt();

        NailgunClient.Reply again = api.put("clusters/" + c + "/network_configuration/nova_network/verify",
                get(c, "nova_network"));
        clock.advanceSeconds(5);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("message").asText()).isEqualTo("You cannot delete running task manually");
        assertThat(task(id).get("status").asText()).isEqualTo("error");
        assertThat(task(id).get("message").asText()).isEqualTo("VLAN 102 is not reachable from node-2");
    }
}
