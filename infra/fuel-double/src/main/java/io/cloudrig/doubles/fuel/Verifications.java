package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code PUT /clusters/<id>/network_configuration/<provider>/verify}: fuel-web 7.0
 * {@code api/v1/handlers/network_configuration.py} NetworkConfigurationVerifyHandler and {@code task/manager.py}
 * VerifyNetworksTaskManager. Refusals give a {@code check_networks} task in error (HTTP 200); an accepted body gives
 * a running {@code verify_networks} task (HTTP 202) that Astute finishes later (ready, or error with a message).
 * Rally's {@code FuelCluster.verify_network} polls it and fails on a non-empty message.
 */
final class Verifications {
    private record Pending(TaskRecord task, Instant due, String failure) {
    }

    private final FuelState state;
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> plannedFailures = new ArrayList<>();

    Verifications(FuelState state) {
        this.state = state;
    }

    ApiResponse start(ClusterRecord c, String body) {
        JsonNode data;
        try {
            data = NetworkChecks.prepare(Json.parse(body));
        } catch (ApiError e) {
            return errorTask(c, e.getMessage(), Json.object());
        }
        NetworkChecks.Failure invalid = NetworkChecks.check(c, data, true);
        if (invalid != null) {
            return errorTask(c, invalid.message(), invalid.result());
        }
        if (pending.stream().anyMatch(p -> p.task().clusterId == c.id)) {
            throw new ApiError(400, "You cannot delete running task manually");
        }
        state.tasks.values().removeIf(t -> t.clusterId != null && t.clusterId == c.id
                && (t.name.equals("check_networks") || t.name.equals("verify_networks")));
        long online = state.nodesOf(c.id).stream().filter(n -> n.online).count();
        if (online < 2) {
            return errorTask(c, "At least two online nodes are required to be in the environment for network "
                    + "verification.", Json.object());
        }
        if (c.status.equals("deployment") || c.status.equals("update")) {
            return errorTask(c, "Environment is not ready to run network verification because it is in '"
                    + c.status + "' state.", Json.object());
        }
        TaskRecord task = state.newTask("verify_networks", c.id, null);
        String failure = plannedFailures.isEmpty() ? null : plannedFailures.remove(0);
        pending.add(new Pending(task, state.now().plus(state.config.verificationDuration()), failure));
        return ApiResponse.json(202, Serializers.task(task));
    }

    private ApiResponse errorTask(ClusterRecord c, String message, JsonNode result) {
        TaskRecord task = state.newTask("check_networks", c.id, null);
        task.finish(TaskRecord.ERROR, message);
        task.result = result;
        ObjectNode json = Serializers.task(task);
        return ApiResponse.ok(json);
    }

    void advance(Instant now) {
        for (Pending p : List.copyOf(pending)) {
            if (!now.isBefore(p.due()) || !state.tasks.containsKey(p.task().id)) {
                if (p.failure() == null) {
                    p.task().finish(TaskRecord.READY, null);
                } else {
                    p.task().finish(TaskRecord.ERROR, p.failure());
                }
                pending.remove(p);
            }
        }
    }

    void failNext(String message) {
        plannedFailures.add(message);
    }
}
