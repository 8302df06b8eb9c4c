package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Cluster ("environment") creation and update rules. Sources (fuel-web 7.0): {@code api/v1/validators/json_schema/
 * cluster.py} (enums for mode, net_provider, status), {@code api/v1/validators/cluster.py} ClusterValidator
 * ("Invalid release ID", not deployable, {@code _validate_mode}, "Release ID is required", name uniqueness 409,
 * net_provider not changeable), {@code objects/cluster.py} Cluster.create ({@code release} accepted for
 * {@code release_id}, fuel_version, pending changes), {@code db/sqlalchemy/models/cluster.py} (name
 * {@code Unicode(50)} NOT NULL UNIQUE, defaults ha_compact / nova_network / new, {@code is_locked}).
 */
final class Clusters {
    static final List<String> MODES = List.of("multinode", "ha_full", "ha_compact");
    static final List<String> PROVIDERS = List.of("nova_network", "neutron");
    static final List<String> STATUSES = List.of("new", "deployment", "stopped", "operational", "error", "remove",
            "update", "update_error");
    static final List<String> SEGMENTATION_TYPES = List.of("vlan", "gre", "tun");
    private static final int NAME_LENGTH = 50;

    private Clusters() {
    }

    static ClusterRecord create(FuelState state, JsonNode d) {
        schema(d);
        Integer releaseId = releaseId(d);
        ReleaseSpec release = releaseId == null ? null : checkRelease(state, releaseId, d);
        if (release == null) {
            throw new ApiError(400, "Release ID is required");
        }
        String name = d.hasNonNull("name") ? d.get("name").asText() : null;
        if (name != null && state.clusters.values().stream().anyMatch(c -> c.name.equals(name))) {
            throw new ApiError(409, "Environment with this name already exists");
        }
        if (name == null) {
            throw new ApiError(400, "null value in column \"name\" violates not-null constraint");
        }
        if (name.length() > NAME_LENGTH) {
            throw new ApiError(400, "value too long for type character varying(" + NAME_LENGTH + ")");
        }
        String provider = d.path("net_provider").asText("nova_network");
        String segmentation = d.path("net_segment_type").asText("vlan");
        if (provider.equals("neutron") && !SEGMENTATION_TYPES.contains(segmentation)) {
            throw new ApiError(400, "invalid input value for enum segmentation_type: \"" + segmentation + "\"");
        }
        int id = state.newClusterId();
        ClusterRecord c = new ClusterRecord(id, name, d.path("mode").asText("ha_compact"), provider, releaseId,
                Attributes.defaults(), NetworkConfigs.defaults(state, id, provider, segmentation),
                NetworkConfigs.defaultParameters(provider, segmentation));
        state.clusters.put(id, c);
        return c;
    }

    static void update(FuelState state, ClusterRecord c, JsonNode d) {
        schema(d);
        Integer releaseId = releaseId(d);
        if (releaseId != null) {
            checkRelease(state, releaseId, d);
        }
        if (d.hasNonNull("name")) {
            String name = d.get("name").asText();
            if (state.clusters.values().stream().anyMatch(o -> o != c && o.name.equals(name))) {
                throw new ApiError(409, "Environment with this name already exists");
            }
        }
        if (d.has("net_provider") && !d.get("net_provider").asText().equals(c.netProvider)) {
            throw new ApiError(400, "Changing 'net_provider' for environment is prohibited");
        }
        modeAllowed(d, state.release(c.releaseId));
        if (d.hasNonNull("name")) {
            c.name = d.get("name").asText();
        }
        if (d.hasNonNull("mode")) {
            c.mode = d.get("mode").asText();
        }
    }

    /** {@code Cluster.is_locked}: anything but new/stopped, or any node already ready. */
    static boolean isLocked(FuelState state, ClusterRecord c) {
        return !(c.status.equals("new") || c.status.equals("stopped"))
                || state.nodesOf(c.id).stream().anyMatch(n -> n.status.equals("ready"));
    }

    /** {@code Cluster.is_network_modification_locked}. */
    static boolean isNetworkLocked(ClusterRecord c) {
        return !List.of("new", "stopped", "operational", "error").contains(c.status);
    }

    private static ReleaseSpec checkRelease(FuelState state, int releaseId, JsonNode d) {
        ReleaseSpec release = state.releases.get(releaseId);
        if (release == null) {
            throw new ApiError(400, "Invalid release ID");
        }
        if (!release.deployable()) {
            throw new ApiError(403, "Release with ID '" + releaseId + "' is not deployable.");
        }
        modeAllowed(d, release);
        return release;
    }

    private static void modeAllowed(JsonNode d, ReleaseSpec release) {
        String mode = d.path("mode").asText(null);
        if (mode != null && !mode.isEmpty() && !release.modes().contains(mode)) {
            throw new ApiError(400, "Cannot deploy in " + mode + " mode in current release. Need to be one of: "
                    + String.join(", ", release.modes()));
        }
    }

    /** {@code release_id}, else {@code release} ("temporary hack in clients", Rally sends {@code release}). */
    private static Integer releaseId(JsonNode d) {
        JsonNode r = d.hasNonNull("release_id") ? d.get("release_id") : d.get("release");
        if (r == null || r.isNull()) {
            return null;
        }
        if (r.canConvertToInt() || r.asText().matches("\\d+")) {
            return r.asInt();
        }
        throw new ApiError(400, "invalid input syntax for integer: \"" + r.asText() + "\"");
    }

    /** The single_schema checks, worded as jsonschema words them. */
    private static void schema(JsonNode d) {
        if (!d.isObject()) {
            throw new ApiError(400, d + " is not of type 'object'\n\nFailed validating 'type' in schema");
        }
        oneOf(d, "mode", MODES);
        oneOf(d, "net_provider", PROVIDERS);
        oneOf(d, "status", STATUSES);
        if (d.has("name") && !d.get("name").isTextual()) {
            throw new ApiError(400, d.get("name") + " is not of type 'string'\n\n"
                    + "Failed validating 'type' in schema['properties']['name']");
        }
    }

    private static void oneOf(JsonNode d, String field, List<String> allowed) {
        if (d.has(field) && !allowed.contains(d.get(field).asText())) {
            throw new ApiError(400, d.get(field) + " is not one of "
                    + allowed.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", ", "[", "]"))
                    + "\n\nFailed validating 'enum' in schema['properties']['" + field + "']");
        }
    }
}
