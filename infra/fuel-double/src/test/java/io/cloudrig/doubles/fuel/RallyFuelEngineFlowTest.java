package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays, call for call, what openstack/rally 24272bbe9 {@code rally/deploy/engines/fuel.py} FuelEngine.deploy and
 * cleanup did through {@code rally/deploy/fuel/fuelclient.py}, with the doc/samples/deployments/fuel-multinode.json
 * shape (release by name, multinode, nova_network, public network override), against the double.
 */
class RallyFuelEngineFlowTest extends FuelDoubleTestBase {

    /** FuelNode.check: free nodes only, cpus from meta.cpu.total; FuelNodesCollection.pop takes the first match. */
    private static List<Integer> pick(JsonNode nodes, int amount, int minCpus, List<Integer> taken) {
        List<Integer> picked = new ArrayList<>();
        for (JsonNode n : nodes) {
            int id = n.get("id").asInt();
            if (picked.size() < amount && n.get("cluster").isNull() && !taken.contains(id)
                    && n.at("/meta/cpu/total").asInt() >= minCpus) {
                picked.add(id);
            }
        }
        return picked;
    }

    @Test
    void rallyDeployThenCleanup_runsToAReadyClusterWithEndpointAndCredentials_thenDeletesIt() {
        JsonNode nodes = api.get("nodes").json();
        List<Integer> controllers = pick(nodes, 1, 8, List.of());
        List<Integer> computes = pick(nodes, 1, 4, controllers);
        int release = -1;
        for (JsonNode r : api.get("releases").json()) {
            if (r.get("name").asText().equals("Juno on CentOS 6.5")) {
                release = r.get("id").asInt();
            }
        }
        JsonNode cluster = api.post("clusters", Map.of("name", "Rally multinode 01", "release", release,
                "mode", "multinode", "net_provider", "nova_network", "net_segment_type", "gre")).json();
        int id = cluster.get("id").asInt();
        List<Map<String, Object>> setNodes = new ArrayList<>();
        controllers.forEach(n -> setNodes.add(Map.of("id", n, "pending_roles", List.of("controller"),
                "pending_addition", true, "cluster_id", id)));
        computes.forEach(n -> setNodes.add(Map.of("id", n, "pending_roles", List.of("compute"),
                "pending_addition", true, "cluster_id", id)));
        assertThat(api.put("nodes", setNodes).status()).isEqualTo(200);

        // configure_network: get, update by name, verify (poll until progress 100, message empty), put
        String netUrl = "clusters/" + id + "/network_configuration/" + cluster.get("net_provider").asText();
        JsonNode netconfig = api.get(netUrl).json();
        for (JsonNode n : netconfig.get("networks")) {
            if (n.get("name").asText().equals("public")) {
                ObjectNode pub = (ObjectNode) n;
                pub.put("cidr", "10.3.3.0/24").put("gateway", "10.3.3.1").put("vlan_start", 14);
                ((ArrayNode) pub.putArray("ip_ranges")).addArray().add("10.3.3.5").add("10.3.3.254");
            }
        }
        int verify = api.put(netUrl + "/verify", netconfig).json().get("id").asInt();
        clock.advanceSeconds(5);
        JsonNode verified = task(verify);
        assertThat(verified.get("progress").asInt()).isEqualTo(100);
        assertThat(verified.get("message").isNull()).isTrue();
        assertThat(api.put(netUrl, netconfig).json().get("status").asText()).isEqualTo("ready");

        // deploy: PUT changes {}, find the "deploy" task, poll until progress 100
        api.put("clusters/" + id + "/changes", Map.of());
        int deployTask = -1;
        for (JsonNode t : api.get("tasks?cluster_id=" + id).json()) {
            if (t.get("name").asText().equals("deploy")) {
                deployTask = t.get("id").asInt();
            }
        }
        int progress = 0;
        for (int poll = 0; poll < 20 && progress != 100; poll++) {
            clock.advanceSeconds(10);
            progress = task(deployTask).get("progress").asInt();
        }
        assertThat(progress).isEqualTo(100);
        assertThat(task(deployTask).get("status").asText()).isEqualTo("ready");

        // get_endpoint_ip (not ha_): the controller's public network_data ip; get_attributes()['editable']['access']
        String ip = null;
        for (JsonNode n : api.get("nodes?cluster_id=" + id).json()) {
            if (n.get("roles").toString().contains("controller")) {
                for (JsonNode net : n.get("network_data")) {
                    if (net.get("name").asText().equals("public")) {
                        ip = net.get("ip").asText().split("/")[0];
                    }
                }
            }
        }
        JsonNode access = api.get("clusters/" + id + "/attributes").json().at("/editable/access");
        assertThat("http://" + ip + ":5000/v2.0/").isEqualTo("http://10.3.3.5:5000/v2.0/");
        assertThat(access.at("/user/value").asText()).isEqualTo("admin");
        assertThat(access.at("/tenant/value").asText()).isEqualTo("admin");

        // cleanup: delete_cluster
        assertThat(api.delete("clusters/" + id).status()).isEqualTo(202);
        clock.advanceSeconds(30);
        assertThat(api.get("clusters/" + id).status()).isEqualTo(404);
        assertThat(fuel.unallocatedNodes()).hasSize(5);
        assertThat(fuel.calls().count("PUT /nodes")).isEqualTo(1);
        assertThat(fuel.calls().count("PUT /clusters/{id}/changes")).isEqualTo(1);
        assertThat(fuel.calls().count("PUT /clusters/{id}/network_configuration/nova_network/verify")).isEqualTo(1);
    }
}
