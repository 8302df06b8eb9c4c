package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /clusters/<id>/network_configuration/{nova_network,neutron}[/verify]} (fuel-web 7.0
 * {@code api/v1/handlers/network_configuration.py} ProviderHandler and NetworkConfigurationVerifyHandler).
 * A PUT answers with a {@code check_networks} task: ready (200) when the configuration was saved, error (200) with
 * the validation messages when it was not; it is not an HTTP error.
 */
final class NetworkResource {
    private final FuelState state;

    NetworkResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        for (String provider : Clusters.PROVIDERS) {
            String base = "/clusters/{id}/network_configuration/" + provider;
            routes.add("GET", base, r -> get(r, provider))
                    .add("PUT", base, r -> put(r, provider))
                    .add("PUT", base + "/verify", r -> verify(r, provider));
        }
    }

    private ClusterRecord cluster(ApiRequest r, String provider) {
        ClusterRecord c = state.cluster(r.intParam(0));
        if (!c.netProvider.equals(provider)) {
            throw new ApiError(400, "Wrong net provider - environment uses '" + c.netProvider + "'");
        }
        return c;
    }

    private ApiResponse get(ApiRequest r, String provider) {
        return ApiResponse.ok(NetworkConfigs.serialize(cluster(r, provider)));
    }

    private ApiResponse put(ApiRequest r, String provider) {
        ClusterRecord c = cluster(r, provider);
        if (Clusters.isNetworkLocked(c)) {
            throw new ApiError(403, "Network configuration cannot be changed during deployment and after upgrade.");
        }
        // CheckNetworksTaskManager.execute replaces the cluster's previous check_networks task
        state.tasks.values().removeIf(t -> t.clusterId != null && t.clusterId == c.id
                && t.name.equals("check_networks"));
        TaskRecord task = state.newTask("check_networks", c.id, null);
        JsonNode data;
        try {
            data = NetworkChecks.prepare(r.json());
        } catch (ApiError e) {
            task.finish(TaskRecord.ERROR, e.getMessage());
            return ApiResponse.ok(Serializers.task(task));
        }
        NetworkChecks.Failure failure = NetworkChecks.check(c, data, false);
        if (failure != null) {
            task.finish(TaskRecord.ERROR, failure.message());
            task.result = failure.result();
        } else {
            NetworkConfigs.update(c, data);
            task.finish(TaskRecord.READY, null);
        }
        return ApiResponse.ok(Serializers.task(task));
    }

    private ApiResponse verify(ApiRequest r, String provider) {
        return state.verifications.start(cluster(r, provider), r.body());
    }
}
