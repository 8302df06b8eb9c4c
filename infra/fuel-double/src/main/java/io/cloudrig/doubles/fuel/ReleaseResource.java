package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /releases}, {@code /releases/<id>} (fuel-web 7.0 {@code api/v1/handlers/release.py}) and the public
 * {@code GET /version} ({@code api/v1/handlers/version.py}: {@code auth_required} is how python-fuelclient 7.0
 * {@code Client.auth_required} decides whether to get a Keystone token). Nailgun has no release-by-name endpoint;
 * clients filter the list by {@code name}, as Rally's FuelEngine._get_release_id does.
 */
final class ReleaseResource {
    private final FuelState state;

    ReleaseResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("GET", "/releases", r -> list())
                .add("GET", "/releases/{id}", r -> ApiResponse.ok(
                        Serializers.release(r.intParam(0), state.release(r.intParam(0)))))
                .addPublic("GET", "/version", r -> version());
    }

    private ApiResponse list() {
        ArrayNode out = Json.array();
        state.releases.forEach((id, spec) -> out.add(Serializers.release(id, spec)));
        return ApiResponse.ok(out);
    }

    private ApiResponse version() {
        ObjectNode v = Json.object().put("release", "7.0").put("api", "1").put("nailgun_sha", "Unknown build")
                .put("astute_sha", "Unknown build").put("fuel-library_sha", "Unknown build")
                .put("fuel-ostf_sha", "Unknown build").put("auth_required", state.config.authRequired());
        v.putArray("feature_groups").add("mirantis");
        v.putObject("release_versions");
        return ApiResponse.ok(v);
    }
}
