package io.cloudrig.doubles.fuel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DELETE /clusters/<id>} and what follows, on the double's clock. Sources (fuel-web 7.0):
 * {@code api/v1/handlers/cluster.py} ClusterHandler.DELETE (202 "{}", 400 with the error text when the deletion
 * cannot start), {@code task/manager.py} ClusterDeletionManager (nodes pending_deletion, cluster status "remove",
 * a "cluster_deletion" task, DeletionAlreadyStarted), {@code rpc/receiver.py} remove_cluster_resp /
 * remove_nodes_resp (node rows deleted, then the cluster with its tasks). Erased nodes reboot into the bootstrap
 * image and the agent registers them again as new "discover" nodes (new ids, same MAC and hardware) unless they are
 * offline.
 */
final class Deletions {
    private record Pending(ClusterRecord cluster, TaskRecord task, Instant due) {
    }

    private record Returning(NodeSpec spec, Instant due) {
    }

    private final FuelState state;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Returning> returning = new ArrayList<>();

    Deletions(FuelState state) {
        this.state = state;
    }

    void start(ClusterRecord c) {
        if (pending.stream().anyMatch(p -> p.cluster() == c)) {
            throw new ApiError(400, "Environment removal already started");
        }
        state.deployments.cancel(c);
        for (NodeRecord n : state.nodesOf(c.id)) {
            n.pendingDeletion = true;
            n.status = "removing";
        }
        c.status = "remove";
        TaskRecord task = state.newTask("cluster_deletion", c.id, null);
        pending.add(new Pending(c, task, state.now().plus(state.config.deletionDuration())));
    }

    void advance(Instant now) {
        for (Pending p : List.copyOf(pending)) {
            if (now.isBefore(p.due())) {
                continue;
            }
            p.task().finish(TaskRecord.READY, null);
            for (NodeRecord n : state.nodesOf(p.cluster().id)) {
                state.nodes.remove(n.id);
                returning.add(new Returning(n.spec, p.due().plus(state.config.rediscoveryDelay())));
            }
            state.dropCluster(p.cluster().id);
            pending.remove(p);
        }
        for (Returning r : List.copyOf(returning)) {
            if (!now.isBefore(r.due()) && !state.offlineMacs.contains(r.spec().mac())) {
                state.register(r.spec());
                returning.remove(r);
            }
        }
    }

    boolean isDeleting(ClusterRecord c) {
        return pending.stream().anyMatch(p -> p.cluster() == c);
    }
}
