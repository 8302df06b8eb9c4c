package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * {@code /tasks} and {@code /tasks/<id>} (fuel-web 7.0 {@code api/v1/handlers/tasks.py}; {@code validators/task.py}
 * TaskValidator.validate_delete). Rally's FuelCluster.deploy lists {@code tasks?cluster_id=} to find the task
 * named "deploy" and polls {@code tasks/<id>} until {@code progress == 100}.
 */
final class TaskResource {
    private final FuelState state;

    TaskResource(FuelState state) {
        this.state = state;
    }

    void register(Routes routes) {
        routes.add("GET", "/tasks", this::list)
                .add("GET", "/tasks/{id}", r -> ApiResponse.ok(Serializers.task(state.task(r.intParam(0)))))
                .add("DELETE", "/tasks/{id}", this::delete);
    }

    /** {@code ?cluster_id=}: empty means tasks without a cluster. */
    private ApiResponse list(ApiRequest r) {
        String filter = r.query().get("cluster_id");
        ArrayNode out = Json.array();
        for (TaskRecord t : state.tasks.values()) {
            boolean keep = filter == null
                    || (filter.isEmpty() ? t.clusterId == null : String.valueOf(t.clusterId).equals(filter));
            if (keep) {
                out.add(Serializers.task(t));
            }
        }
        return ApiResponse.ok(out);
    }

    /** 204; a running task only with {@code ?force=1}. */
    private ApiResponse delete(ApiRequest r) {
        TaskRecord t = state.task(r.intParam(0));
        String force = r.query().get("force");
        boolean forced = force != null && !force.isEmpty() && !force.equals("0");
        if (!t.isFinished() && !forced) {
            throw new ApiError(400, "You cannot delete running task manually");
        }
        state.tasks.remove(t.id);
        return ApiResponse.raw(204, "", null);
    }
}
