package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /clusters/<id>/assignment} and {@code /unassignment} (fuel-web 7.0 {@code api/v1/handlers/
 * assignment.py}, {@code api/v1/validators/assignment.py} NodeAssignmentValidator / NodeUnassignmentValidator).
 * Both answer 200 with the JSON body {@code null} (the handlers return nothing). This is the call fuelclient's
 * {@code Environment.assign} makes; it validates roles against the release, where {@code PUT /nodes} does not.
 */
final class AssignmentResource {
    private final FuelState state;

    AssignmentResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("POST", "/clusters/{id}/assignment", this::assign)
                .add("POST", "/clusters/{id}/unassignment", this::unassign);
    }

    private ApiResponse assign(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        Map<Integer, List<String>> wanted = new LinkedHashMap<>();
        for (JsonNode item : list(r.json())) {
            if (!item.path("id").isInt() || !item.path("roles").isArray()) {
                throw new ApiError(400, item + " is not valid under the assignment schema: expected "
                        + "{\"id\": <integer>, \"roles\": [<string>, ...]}");
            }
            List<String> roles = new ArrayList<>();
            item.get("roles").forEach(x -> roles.add(x.asText()));
            wanted.put(item.get("id").asInt(), roles);
        }
        List<NodeRecord> nodes = existing(wanted.keySet());
        List<Integer> taken = nodes.stream().filter(n -> n.clusterId != null).map(n -> n.id).toList();
        if (!taken.isEmpty()) {
            throw new ApiError(400, "Nodes with ids " + join(taken) + " already assigned to environments. "
                    + "Nodes must be unassigned before they can be assigned again.");
        }
        ReleaseSpec release = state.release(c.releaseId);
        wanted.values().forEach(roles -> checkRoles(c, release, roles));
        for (NodeRecord n : nodes) {
            n.clusterId = c.id;
            n.pendingRoles = new ArrayList<>(wanted.get(n.id));
            n.pendingAddition = true;
        }
        return ApiResponse.ok(Json.MAPPER.nullNode());
    }

    private ApiResponse unassign(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode item : list(r.json())) {
            if (!item.path("id").isInt()) {
                throw new ApiError(400, item + " is not valid under the unassignment schema: expected "
                        + "{\"id\": <integer>}");
            }
            ids.add(item.get("id").asInt());
        }
        List<Integer> foreign = ids.stream().map(state.nodes::get)
                .filter(n -> n != null && n.clusterId != null && n.clusterId != c.id).map(n -> n.id).toList();
        if (!foreign.isEmpty()) {
            throw new ApiError(400, "Nodes [" + foreign.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "] are not members of environment " + c.id + ".");
        }
        List<NodeRecord> nodes = existing(ids);
        List<Integer> free = nodes.stream().filter(n -> n.clusterId == null || n.pendingDeletion).map(n -> n.id)
                .toList();
        if (!free.isEmpty()) {
            throw new ApiError(400, "Can't unassign nodes with ids " + join(free) + " if they not assigned.");
        }
        for (NodeRecord n : nodes) {
            if (n.status.equals("discover")) {
                n.leaveCluster();
            } else {
                n.pendingDeletion = true;
            }
        }
        return ApiResponse.ok(Json.MAPPER.nullNode());
    }

    /** {@code validate_roles}: roles of the release, then {@code check_roles_for_conflicts}. */
    private static void checkRoles(ClusterRecord c, ReleaseSpec release, List<String> roles) {
        Set<String> unknown = new LinkedHashSet<>(roles);
        unknown.removeAll(release.roleConflicts().keySet());
        if (!unknown.isEmpty()) {
            throw new ApiError(400, String.join(", ", unknown) + " are not valid roles for node in environment "
                    + c.id);
        }
        for (String role : roles) {
            Set<String> conflicting = new LinkedHashSet<>(release.roleConflicts().get(role));
            conflicting.retainAll(roles);
            conflicting.remove(role);
            if (!conflicting.isEmpty()) {
                throw new ApiError(400, "Role \"" + role + "\" in conflict with role " + String.join(", ", conflicting));
            }
        }
    }

    private List<NodeRecord> existing(Set<Integer> ids) {
        Set<Integer> missing = new LinkedHashSet<>(ids);
        missing.removeAll(state.nodes.keySet());
        if (!missing.isEmpty()) {
            throw new ApiError(400, "Nodes with ids " + join(missing) + " were not found.");
        }
        return ids.stream().map(state.nodes::get).toList();
    }

    private static JsonNode list(JsonNode d) {
        if (!d.isArray()) {
            throw new ApiError(400, d + " is not of type 'array'");
        }
        return d;
    }

    private static String join(java.util.Collection<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
