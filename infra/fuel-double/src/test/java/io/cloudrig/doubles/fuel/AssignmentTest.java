package io.cloudrig.doubles.fuel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentTest extends FuelDoubleTestBase {

    private NailgunClient.Reply assignRaw(int cluster, Object body) {
        return api.post("clusters/" + cluster + "/assignment", body);
    }

    /** handlers/assignment.py NodeAssignmentHandler.POST (200, body null); Node.update cluster_id, pending_roles,
     *  pending_addition; fuelclient 7.0 Environment.assign sends [{id, roles}]. */
    @Test
    void assign_withValidRoles_answers200Null_andNodesHavePendingRoles() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = assignRaw(c, List.of(Map.of("id", 1, "roles", List.of("controller")),
                Map.of("id", 2, "roles", List.of("compute", "cinder"))));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("null");
        assertThat(node(2).get("cluster").asInt()).isEqualTo(c);
        assertThat(node(2).get("pending_roles").toString()).isEqualTo("[\"compute\",\"cinder\"]");
        assertThat(node(2).get("pending_addition").asBoolean()).isTrue();
        assertThat(node(2).get("roles")).isEmpty();
    }

    /** validators/assignment.py NodeAssignmentValidator.validate_roles: roles of the release only. */
    @Test
    void assign_withRoleTheReleaseLacks_gives400() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = assignRaw(c, List.of(Map.of("id", 1, "roles", List.of("virt"))));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText())
                .isEqualTo("virt are not valid roles for node in environment " + c);
        assertThat(node(1).get("cluster").isNull()).isTrue();
    }

    /** check_roles_for_conflicts: controller conflicts with compute (openstack.yaml roles_metadata). */
    @Test
    void assign_withConflictingRoles_gives400() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");

        NailgunClient.Reply r = assignRaw(c, List.of(Map.of("id", 1, "roles", List.of("controller", "compute"))));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Role \"controller\" in conflict with role compute");
    }

    /** AssignmentValidator.check_all_nodes / check_if_already_done. */
    @Test
    void assign_unknownOrAlreadyAssignedNodes_gives400() {
        int c = createCluster("c", JUNO, "multinode", "nova_network");
        assign(c, 1, "controller");

        NailgunClient.Reply unknown = assignRaw(c, List.of(Map.of("id", 77, "roles", List.of("compute"))));
        NailgunClient.Reply taken = assignRaw(c, List.of(Map.of("id", 1, "roles", List.of("compute"))));

        assertThat(unknown.json().get("message").asText()).isEqualTo("Nodes with ids 77 were not found.");
        assertThat(taken.json().get("message").asText()).isEqualTo("Nodes with ids 1 already assigned to environments. "
                + "Nodes must be unassigned before they can be assigned again.");
    }

    /** NodeUnassignmentHandler.POST: a discover node leaves the cluster at once; foreign nodes are refused. */
    @Test
    void unassign_discoverNode_returnsItToThePool_andForeignNodesAreRefused() {
        int a = createCluster("a", JUNO, "multinode", "nova_network");
        int b = createCluster("b", JUNO, "multinode", "nova_network");
        assign(a, 1, "controller");
        assign(b, 2, "controller");

        NailgunClient.Reply foreign = api.post("clusters/" + a + "/unassignment", List.of(Map.of("id", 2)));
        NailgunClient.Reply ok = api.post("clusters/" + a + "/unassignment", List.of(Map.of("id", 1)));
        NailgunClient.Reply again = api.post("clusters/" + a + "/unassignment", List.of(Map.of("id", 1)));

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("message").asText()).isEqualTo("Nodes [2] are not members of environment " + a + ".");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(node(1).get("cluster").isNull()).isTrue();
        assertThat(again.json().get("message").asText()).isEqualTo("Can't unassign nodes with ids 1 if they not assigned.");
    }
}
