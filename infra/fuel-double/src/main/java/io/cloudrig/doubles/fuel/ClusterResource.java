package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /clusters}, {@code /clusters/<id>}, {@code /clusters/<id>/changes} and {@code /clusters/<id>/attributes}
 * (fuel-web 7.0 {@code api/v1/handlers/cluster.py}: ClusterCollectionHandler, ClusterHandler,
 * ClusterChangesHandler, ClusterAttributesHandler, ClusterAttributesDefaultsHandler).
 */
final class ClusterResource {
    private final FuelState state;

    ClusterResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("GET", "/clusters", r -> list())
                .add("POST", "/clusters", this::create)
                .add("GET", "/clusters/{id}", r -> ApiResponse.ok(Serializers.cluster(state.cluster(r.intParam(0)))))
                .add("PUT", "/clusters/{id}", this::update)
                .add("DELETE", "/clusters/{id}", this::delete)
                .add("PUT", "/clusters/{id}/changes", this::deploy)
                .add("GET", "/clusters/{id}/attributes", this::attributes)
                .add("PUT", "/clusters/{id}/attributes", this::updateAttributes)
                .add("PATCH", "/clusters/{id}/attributes", this::updateAttributes)
                .add("GET", "/clusters/{id}/attributes/defaults", this::defaultAttributes);
    }

    private ApiResponse list() {
        ArrayNode out = Json.array();
        state.clusters.values().forEach(c -> out.add(Serializers.cluster(c)));
        return ApiResponse.ok(out);
    }

    /** CollectionHandler.POST: 201 with the new cluster. */
    private ApiResponse create(ApiRequest r) {
        return ApiResponse.json(201, Serializers.cluster(Clusters.create(state, r.json())));
    }

    private ApiResponse update(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        Clusters.update(state, c, r.json());
        return ApiResponse.ok(Serializers.cluster(c));
    }

    /** ClusterHandler.DELETE: 202 with the body "{}" (a string, sent as is). */
    private ApiResponse delete(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        state.deletions.start(c);
        return ApiResponse.raw(202, "{}", ApiResponse.JSON);
    }

    /** DeferredTaskHandler.PUT: 202 with the supertask while it runs, 200 once it is finished (raise_task). */
    private ApiResponse deploy(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        ObjectNode task = state.deployments.start(c);
        return ApiResponse.json(202, task);
    }

    /** GET attributes: {"editable": {...}}. */
    private ApiResponse attributes(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        return ApiResponse.ok(Json.object().set("editable", c.editable.deepCopy()));
    }

    /** PUT is PATCH in 7.0 ("we're using PUT requests for the same purpose with non-complete data"): a deep merge. */
    private ApiResponse updateAttributes(ApiRequest r) {
        ClusterRecord c = state.cluster(r.intParam(0));
        JsonNode editable = Attributes.checkUpdate(c, Clusters.isLocked(state, c), r.body());
        if (editable.isObject()) {
            Json.merge(c.editable, editable);
        }
        c.addChange("attributes");
        return ApiResponse.ok(Json.object().set("editable", c.editable.deepCopy()));
    }

    private ApiResponse defaultAttributes(ApiRequest r) {
        state.cluster(r.intParam(0));
        return ApiResponse.ok(Json.object().set("editable", Attributes.defaults()));
    }
}
