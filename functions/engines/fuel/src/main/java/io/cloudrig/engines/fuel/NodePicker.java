package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes free nodes for the requested roles, Rally's way (openstack/rally 24272bbe9 FuelEngine._get_nodes and
 * FuelNodesCollection.pop: roles in config order, for each the first free nodes, in the master's order, that pass every
 * filter; a node taken for one role is gone for the next). A node is free when it is in no cluster, online, and
 * discovered ({@code status: discover}); Rally only looked at the cluster, and Fuel's pre-deployment check refuses
 * offline nodes anyway. Pure: it decides, it assigns nothing.
 */
final class NodePicker {
    private NodePicker() {
    }

    /** A node taken for a role. */
    record Pick(int id, String mac, RoleRequest request) {
    }

    static boolean isFree(JsonNode node) {
        return node.path("cluster").isNull() && node.path("online").asBoolean(true)
                && !node.path("pending_deletion").asBoolean(false) && "discover".equals(node.path("status").asText());
    }

    /**
     * @param consequence what the failure leaves behind, for its message ("nothing was created or assigned")
     * @throws CloudrigException PROVIDER_FAILED naming the role, its filters and what was found, when too few free
     *                           nodes pass a role's filters
     */
    static List<Pick> pick(List<JsonNode> nodes, List<RoleRequest> requests, String consequence) {
        List<JsonNode> free = nodes.stream().filter(NodePicker::isFree).toList();
        Set<Integer> taken = new LinkedHashSet<>();
        List<Pick> picks = new ArrayList<>();
        for (RoleRequest r : requests) {
            List<JsonNode> matching = free.stream().filter(n -> !taken.contains(n.path("id").asInt()))
                    .filter(n -> r.filters().stream().allMatch(f -> f.matches(n))).toList();
            if (matching.size() < r.amount()) {
                throw new CloudrigException(ErrorCode.PROVIDER_FAILED, FuelEngineFactory.NAME + ": too few free nodes "
                        + "for role " + r.describe() + ": expected " + r.amount() + " but " + matching.size()
                        + " match (the master has " + free.size() + " free online node(s) of " + nodes.size()
                        + (taken.isEmpty() ? "" : "; " + taken.size() + " already taken for the roles before it")
                        + "); " + consequence);
            }
            for (JsonNode n : matching.subList(0, r.amount())) {
                taken.add(n.path("id").asInt());
                picks.add(new Pick(n.path("id").asInt(), n.path("mac").asText(), r));
            }
        }
        return picks;
    }
}
