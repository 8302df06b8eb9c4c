package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodesTest extends FuelDoubleTestBase {

    /** serializers/node.py NodeSerializer fields; Rally FuelNode._get_cpus/_get_ram/_get_storage/_get_mac read
     *  meta.cpu.total, meta.memory.total, sum(meta.disks[].size), mac; FuelNode.check skips nodes with a cluster. */
    @Test
    void list_givesEachNodeWithTheMetaRallysFiltersRead() {
        JsonNode nodes = api.get("nodes").json();

        assertThat(nodes).hasSize(5);
        JsonNode n1 = nodes.get(0);
        assertThat(n1.get("mac").asText()).isEqualTo(MAC1);
        assertThat(n1.at("/meta/cpu/total").asInt()).isEqualTo(8);
        assertThat(n1.at("/meta/memory/total").asLong()).isEqualTo(32L << 30);
        assertThat(n1.at("/meta/disks/0/size").asLong() + n1.at("/meta/disks/1/size").asLong())
                .isEqualTo(1000L << 30);
        assertThat(n1.get("status").asText()).isEqualTo("discover");
        assertThat(n1.get("online").asBoolean()).isTrue();
        assertThat(n1.get("cluster").isNull()).isTrue();
        assertThat(n1.get("roles")).isEmpty();
        assertThat(n1.get("pending_roles")).isEmpty();
        assertThat(n1.get("name").asText()).isEqualTo("Untitled (00:01)");
        assertThat(nodes.get(4).get("manufacturer").asText()).isEqualTo("Dell Inc.");
        assertThat(n1.get("network_data")).isEmpty();
    }

    /** NodeCollectionHandler.GET: cluster_id filters; an empty cluster_id means unallocated nodes. */
    @Test
    void list_filtersByClusterId_andEmptyClusterIdMeansUnallocated() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");
        assign(c, 2, "compute");

        assertThat(macs(api.get("nodes?cluster_id=" + c).json())).containsExactly(MAC2);
        assertThat(api.get("nodes?cluster_id=").json()).hasSize(4);
    }

    /** Rally FuelCluster.set_nodes: PUT nodes [{id, pending_roles, pending_addition, cluster_id}];
     *  NodeCollectionHandler.PUT / Node.update; roles are not checked against the release on this path. */
    @Test
    void putNodes_rallyStyle_joinsTheClusterWithPendingRoles_withoutRoleValidation() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = api.put("nodes", List.of(
                Map.of("id", 1, "pending_roles", List.of("controller"), "pending_addition", true, "cluster_id", c),
                Map.of("id", 2, "pending_roles", List.of("no-such-role"), "pending_addition", true, "cluster_id", c)));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasSize(2);
        assertThat(node(1).get("cluster").asInt()).isEqualTo(c);
        assertThat(node(1).get("pending_roles").get(0).asText()).isEqualTo("controller");
        assertThat(node(1).get("pending_addition").asBoolean()).isTrue();
        assertThat(node(2).get("pending_roles").get(0).asText()).isEqualTo("no-such-role");
        assertThat(node(1).get("network_data").findValuesAsText("name")).contains("public", "fuelweb_admin");
    }

    /** NodeValidator.validate_update / validate_collection_update. */
    @Test
    void putNodes_withUnknownIdOrNoIdentity_gives400() {
        NailgunClient.Reply unknown = api.put("nodes", List.of(Map.of("id", 99, "pending_addition", true)));
        NailgunClient.Reply anonymous = api.put("nodes", List.of(Map.of("pending_addition", true)));
        NailgunClient.Reply notList = api.put("nodes", Map.of("id", 1));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).isEqualTo("Invalid ID specified");
        assertThat(anonymous.json().get("message").asText()).isEqualTo("Neither MAC nor ID is specified");
        assertThat(notList.json().get("message").asText()).isEqualTo("Invalid json list");
    }

    /** Node.update with cluster_id null: Node.remove_from_cluster. */
    @Test
    void putNode_withNullClusterId_returnsItToThePool() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");
        assign(c, 3, "compute");

        java.util.Map<String, Object> leave = new java.util.HashMap<>();
        leave.put("cluster_id", null);
        NailgunClient.Reply r = api.put("nodes/3", leave);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("cluster").isNull()).isTrue();
        assertThat(r.json().get("pending_roles")).isEmpty();
    }

    /** NodeValidator.validate (agent discovery, public route): discover only, mac required, mac unique. */
    @Test
    void register_asTheAgentDoes_gives201_andRefusesDuplicatesAndNonBootstrapNodes() {
        Map<String, Object> meta = Map.of("interfaces", List.of(Map.of("mac", "52:54:00:00:00:09", "name", "eth0")),
                "cpu", Map.of("total", 2), "memory", Map.of("total", 4L << 30),
                "disks", List.of(Map.of("size", 50L << 30)), "system", Map.of("manufacturer", "HP"));

        NailgunClient.Reply created = api.post("nodes", Map.of("mac", "52:54:00:00:00:09", "status", "discover",
                "meta", meta));
        NailgunClient.Reply duplicate = api.post("nodes", Map.of("mac", MAC1, "status", "discover", "meta", meta));
        NailgunClient.Reply ready = api.post("nodes", Map.of("mac", "52:54:00:00:00:0a", "status", "ready",
                "meta", meta));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asInt()).isEqualTo(6);
        assertThat(created.json().get("manufacturer").asText()).isEqualTo("HP");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("message").asText())
                .isEqualTo("Node with mac " + MAC1 + " already exists - doing nothing");
        assertThat(ready.status()).isEqualTo(403);
        assertThat(ready.json().get("message").asText()).isEqualTo("Only bootstrap nodes are allowed to be registered.");
    }

    /** get_object_or_404 on objects.Node. */
    @Test
    void getNode_whenUnknown_gives404() {
        NailgunClient.Reply r = api.get("nodes/404");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).isEqualTo("Node not found");
    }

    /** Fault: a node that stops answering is listed with online false. */
    @Test
    void nodeOffline_isListedWithOnlineFalse() {
        fuel.faults().nodeOffline(MAC3.toUpperCase());

        assertThat(node(3).get("online").asBoolean()).isFalse();
        assertThat(fuel.nodes().get(2).online()).isFalse();
    }
}
