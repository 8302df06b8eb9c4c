package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /nodes} and {@code /nodes/<id>} (fuel-web 7.0 {@code api/v1/handlers/node.py} NodeCollectionHandler,
 * NodeHandler; {@code api/v1/validators/node.py} NodeValidator; {@code objects/node.py} Node.create / Node.update).
 * {@code PUT /nodes} with a list is what Rally's FuelCluster.set_nodes sends ({@code id}, {@code cluster_id},
 * {@code pending_roles}, {@code pending_addition}); it does not validate roles against the release, only
 * {@code POST /clusters/<id>/assignment} does.
 */
final class NodeResource {
    private final FuelState state;

    NodeResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("GET", "/nodes", this::list)
                .add("PUT", "/nodes", this::updateMany)
                .addPublic("POST", "/nodes", this::register)
                .add("GET", "/nodes/{id}", r -> ApiResponse.ok(json(state.node(r.intParam(0)))))
                .add("PUT", "/nodes/{id}", this::updateOne);
    }

    /** {@code ?cluster_id=} filters: empty means unallocated nodes (cluster_id IS NULL). */
    private ApiResponse list(ApiRequest r) {
        String filter = r.query().get("cluster_id");
        if (filter != null && !filter.isEmpty() && !filter.matches("\\d+")) {
            throw new ApiError(400, "invalid input syntax for integer: \"" + filter + "\"");
        }
        ArrayNode out = Json.array();
        for (NodeRecord n : state.nodes.values()) {
            boolean keep = filter == null
                    || (filter.isEmpty() ? n.clusterId == null : String.valueOf(n.clusterId).equals(filter));
            if (keep) {
                out.add(json(n));
            }
        }
        return ApiResponse.ok(out);
    }

    private ApiResponse updateMany(ApiRequest r) {
        JsonNode data = r.json();
        if (!data.isArray()) {
            throw new ApiError(400, "Invalid json list");
        }
        List<NodeRecord> targets = new ArrayList<>();
        for (JsonNode nd : data) {
            targets.add(find(nd));
        }
        ArrayNode out = Json.array();
        for (int i = 0; i < targets.size(); i++) {
            apply(targets.get(i), data.get(i));
        }
        targets.stream().distinct().forEach(n -> out.add(json(n)));
        return ApiResponse.ok(out);
    }

    private ApiResponse updateOne(ApiRequest r) {
        NodeRecord n = state.node(r.intParam(0));
        JsonNode d = r.json();
        checkTypes(d);
        apply(n, d);
        return ApiResponse.ok(json(n));
    }

    /** The Fuel agent's discovery call; public (no token) in fuel-web 7.0 {@code urls.public_urls()}. */
    private ApiResponse register(ApiRequest r) {
        JsonNode d = r.json();
        if (!"discover".equals(d.path("status").asText(""))) {
            throw new ApiError(403, "Only bootstrap nodes are allowed to be registered.");
        }
        if (!d.hasNonNull("mac")) {
            throw new ApiError(400, "No mac address specified");
        }
        JsonNode meta = d.path("meta");
        if (!meta.path("interfaces").isArray()) {
            throw new ApiError(400, "Failed to discover node: invalid interfaces info");
        }
        List<Long> disks = new ArrayList<>();
        meta.path("disks").forEach(disk -> disks.add(disk.path("size").asLong()));
        NodeSpec spec;
        try {
            spec = new NodeSpec(d.get("mac").asText(), meta.path("cpu").path("total").asInt(1),
                    meta.path("memory").path("total").asLong(1L << 30), disks,
                    meta.path("system").path("manufacturer").asText("Unknown"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        return ApiResponse.json(201, json(state.register(spec)));
    }

    /** {@code NodeValidator.validate_update}: a node is named by id or by mac, and must exist. */
    private NodeRecord find(JsonNode nd) {
        if (!nd.isObject()) {
            throw new ApiError(400, nd + " is not of type 'object'");
        }
        checkTypes(nd);
        if (!nd.hasNonNull("mac") && !nd.hasNonNull("id")) {
            throw new ApiError(400, "Neither MAC nor ID is specified");
        }
        if (nd.hasNonNull("mac")) {
            String mac = nd.get("mac").asText().toLowerCase(java.util.Locale.ROOT);
            NodeRecord byMac = state.nodes.values().stream().filter(n -> n.spec.mac().equals(mac)).findFirst()
                    .orElseThrow(() -> new ApiError(400, "Invalid MAC is specified"));
            if (!nd.hasNonNull("id")) {
                return byMac;
            }
        }
        NodeRecord byId = state.nodes.get(nd.get("id").asInt());
        if (byId == null) {
            throw new ApiError(400, "Invalid ID specified");
        }
        return byId;
    }

    private static void checkTypes(JsonNode nd) {
        for (String list : List.of("roles", "pending_roles")) {
            if (nd.has(list) && (!nd.get(list).isArray()
                    || java.util.stream.StreamSupport.stream(nd.get(list).spliterator(), false)
                    .anyMatch(x -> !x.isTextual()))) {
                throw new ApiError(400, "Role list must be list of strings");
            }
        }
    }

    /** {@code Node.update}: cluster first (join or leave), then roles, pending roles and flags. */
    private void apply(NodeRecord n, JsonNode d) {
        JsonNode cluster = d.has("cluster_id") ? d.get("cluster_id") : d.get("cluster");
        if (cluster != null) {
            if (cluster.isNull()) {
                n.leaveCluster();
            } else if (!Integer.valueOf(cluster.asInt()).equals(n.clusterId)) {
                if (!state.clusters.containsKey(cluster.asInt())) {
                    throw new ApiError(400, "insert or update on table \"nodes\" violates foreign key constraint "
                            + "\"nodes_cluster_id_fkey\"");
                }
                n.leaveCluster();
                n.clusterId = cluster.asInt();
            }
        }
        if (n.clusterId != null) {
            if (d.has("roles")) {
                n.roles = strings(d.get("roles"));
            }
            if (d.has("pending_roles")) {
                n.pendingRoles = strings(d.get("pending_roles"));
            }
        }
        if (d.has("pending_addition")) {
            n.pendingAddition = d.get("pending_addition").asBoolean();
        }
        if (d.has("pending_deletion")) {
            n.pendingDeletion = d.get("pending_deletion").asBoolean();
        }
        if (d.hasNonNull("name")) {
            n.name = d.get("name").asText();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode json(NodeRecord n) {
        return Serializers.node(state, n);
    }
}
