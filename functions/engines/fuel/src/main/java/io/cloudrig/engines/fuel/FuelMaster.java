package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Nailgun calls FuelEngine makes, by what they mean. Paths and payloads: openstack/rally 24272bbe9
 * {@code rally/deploy/fuel/fuelclient.py} (releases, clusters, network_configuration and its verify, changes, tasks,
 * attributes) and fuel-web 7.0 {@code api/v1/urls.py} ({@code /clusters/<id>/assignment}, which python-fuelclient's
 * {@code Environment.assign} uses: unlike Rally's {@code PUT /nodes} it refuses nodes another environment holds, and
 * assigns all or none).
 */
final class FuelMaster {
    private final NailgunClient api;

    FuelMaster(NailgunClient api) {
        this.api = api;
    }

    String apiUrl() {
        return api.apiUrl();
    }

    List<JsonNode> releases() {
        return list(api.get("releases"));
    }

    List<JsonNode> clusters() {
        return list(api.get("clusters"));
    }

    Optional<JsonNode> cluster(int id) {
        return api.find("clusters/" + id);
    }

    Optional<JsonNode> clusterNamed(String name) {
        return clusters().stream().filter(c -> name.equals(c.path("name").asText())).findFirst();
    }

    /** {@code POST /clusters}: 201 with the cluster (Rally sends the release id as {@code release}). */
    JsonNode createCluster(String name, int releaseId, String mode, String netProvider, String segmentType) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("release", releaseId)
                .put("mode", mode).put("net_provider", netProvider).put("net_segment_type", segmentType);
        return api.post("clusters", body);
    }

    /** {@code DELETE /clusters/<id>}: 202 while Fuel erases its nodes; false when there was no such cluster. */
    boolean deleteCluster(int id) {
        try {
            api.delete("clusters/" + id);
            return true;
        } catch (NailgunException e) {
            if (e.status() == 404) {
                return false;
            }
            if (e.status() == 400 && cluster(id).map(c -> "remove".equals(c.path("status").asText())).orElse(true)) {
                return true; // "Environment removal already started" (a retried cleanup)
            }
            throw e;
        }
    }

    List<JsonNode> nodes() {
        return list(api.get("nodes"));
    }

    List<JsonNode> nodesOf(int clusterId) {
        return list(api.get("nodes?cluster_id=" + clusterId));
    }

    /** {@code POST /clusters/<id>/assignment}: node id → roles; 400 when a node is taken or a role unknown. */
    void assign(int clusterId, Map<Integer, List<String>> rolesByNode) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        rolesByNode.forEach((id, roles) -> {
            ObjectNode n = body.addObject().put("id", id);
            ArrayNode r = n.putArray("roles");
            roles.forEach(r::add);
        });
        api.post("clusters/" + clusterId + "/assignment", body);
    }

    JsonNode networkConfiguration(int clusterId, String provider) {
        return api.get(networkPath(clusterId, provider));
    }

    /** {@code PUT .../verify}: a verify_networks task (202), or a check_networks task in error (200). */
    JsonNode verifyNetworks(int clusterId, String provider, JsonNode netconfig) {
        return api.put(networkPath(clusterId, provider) + "/verify", netconfig);
    }

    /** {@code PUT .../<provider>}: a check_networks task, ready when saved, error (still HTTP 200) when refused. */
    JsonNode saveNetworkConfiguration(int clusterId, String provider, JsonNode netconfig) {
        return api.put(networkPath(clusterId, provider), netconfig);
    }

    /** {@code PUT /clusters/<id>/changes}: the "deploy" supertask (202). */
    JsonNode deployChanges(int clusterId) {
        return api.put("clusters/" + clusterId + "/changes", JsonNodeFactory.instance.objectNode());
    }

    Optional<JsonNode> task(int id) {
        return api.find("tasks/" + id);
    }

    List<JsonNode> tasksOf(int clusterId) {
        return list(api.get("tasks?cluster_id=" + clusterId));
    }

    /** {@code GET /clusters/<id>/attributes}: holds the admin password; never log it. */
    JsonNode attributes(int clusterId) {
        return api.get("clusters/" + clusterId + "/attributes");
    }

    /** {@code PUT /clusters/<id>/attributes} with the whole {@code editable} (7.0 merges, older masters replace). */
    void saveAttributes(int clusterId, JsonNode editable) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("editable", editable);
        api.put("clusters/" + clusterId + "/attributes", body);
    }

    private static String networkPath(int clusterId, String provider) {
        return "clusters/" + clusterId + "/network_configuration/" + provider;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            array.forEach(out::add);
        }
        return out;
    }
}
