package io.cloudrig.doubles.fuel;

import java.util.List;

/** Read-only snapshots of the double's state for test assertions. */
public final class FuelView {
    private FuelView() {
    }

    /** A cluster with the ids of its nodes. */
    public record Cluster(int id, String name, String status, String mode, String netProvider, int releaseId,
                          List<Integer> nodeIds) {
    }

    /** A node as Nailgun stores it. */
    public record Node(int id, String mac, String status, boolean online, Integer clusterId, List<String> roles,
                       List<String> pendingRoles, boolean pendingAddition, boolean pendingDeletion, int progress) {
    }

    /** A task as {@code GET /tasks/<id>} would show it. */
    public record Task(int id, String name, Integer clusterId, String status, int progress, String message) {
    }

    static Cluster of(ClusterRecord c, List<NodeRecord> nodes) {
        return new Cluster(c.id, c.name, c.status, c.mode, c.netProvider, c.releaseId,
                nodes.stream().map(n -> n.id).toList());
    }

    static Node of(NodeRecord n) {
        return new Node(n.id, n.spec.mac(), n.status, n.online, n.clusterId, List.copyOf(n.roles),
                List.copyOf(n.pendingRoles), n.pendingAddition, n.pendingDeletion, n.progress);
    }

    static Task of(TaskRecord t) {
        return new Task(t.id, t.name, t.clusterId, t.status, t.progress, t.message);
    }
}
