package io.cloudrig.doubles.fuel;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The master's database in memory. Every access holds this object's monitor; time-driven changes (deployment
 * progress, cluster deletion, rediscovery, network verification) are applied by {@link #settle()} from the clock,
 * so a test that moves its clock sees exactly the state a real master would have reached by then.
 */
final class FuelState {
    /** The admin (PXE) network every node boots on; fuel-web {@code fixtures/admin_network.json}, master 10.20.0.2. */
    static final String ADMIN_CIDR = "10.20.0.0/24";
    static final String MASTER_IP = "10.20.0.2";

    final InstantSource clock;
    final FuelDoubleConfig config;
    final Map<Integer, ReleaseSpec> releases = new LinkedHashMap<>();
    final Map<Integer, NodeRecord> nodes = new TreeMap<>();
    final Map<Integer, ClusterRecord> clusters = new TreeMap<>();
    final Map<Integer, TaskRecord> tasks = new TreeMap<>();
    final Set<String> offlineMacs = new HashSet<>();
    final Deployments deployments;
    final Deletions deletions;
    final Verifications verifications;
    private int nextNodeId = 1;
    private int nextClusterId = 1;
    private int nextTaskId = 1;
    private int nextNetworkId = 2; // 1 is the admin network
    private int nextAdminHost = 3;

    FuelState(InstantSource clock, FuelDoubleConfig config, List<ReleaseSpec> releaseSpecs) {
        this.clock = clock;
        this.config = config;
        int id = 1;
        for (ReleaseSpec r : releaseSpecs) {
            releases.put(id++, r);
        }
        this.deployments = new Deployments(this);
        this.deletions = new Deletions(this);
        this.verifications = new Verifications(this);
    }

    Instant now() {
        return clock.instant();
    }

    /** Applies every change due by now, in the order a master would have made them. */
    void settle() {
        Instant now = now();
        deployments.advance(now);
        verifications.advance(now);
        deletions.advance(now);
    }

    /** What {@code POST /nodes} does for a bootstrapped node (fuel-web 7.0 objects/node.py Node.create). */
    NodeRecord register(NodeSpec spec) {
        if (nodes.values().stream().anyMatch(n -> n.spec.mac().equals(spec.mac()))) {
            throw new ApiError(409, "Node with mac " + spec.mac() + " already exists - doing nothing");
        }
        NodeRecord node = new NodeRecord(nextNodeId++, spec, "10.20.0." + nextAdminHost++);
        node.online = !offlineMacs.contains(spec.mac());
        nodes.put(node.id, node);
        return node;
    }

    ReleaseSpec release(int id) {
        ReleaseSpec r = releases.get(id);
        if (r == null) {
            throw ApiError.notFound("Release");
        }
        return r;
    }

    ClusterRecord cluster(int id) {
        ClusterRecord c = clusters.get(id);
        if (c == null) {
            throw ApiError.notFound("Cluster");
        }
        return c;
    }

    NodeRecord node(int id) {
        NodeRecord n = nodes.get(id);
        if (n == null) {
            throw ApiError.notFound("Node");
        }
        return n;
    }

    TaskRecord task(int id) {
        TaskRecord t = tasks.get(id);
        if (t == null) {
            throw ApiError.notFound("Task");
        }
        return t;
    }

    List<NodeRecord> nodesOf(int clusterId) {
        return nodes.values().stream().filter(n -> Integer.valueOf(clusterId).equals(n.clusterId)).toList();
    }

    TaskRecord newTask(String name, Integer clusterId, Integer parentId) {
        TaskRecord t = new TaskRecord(nextTaskId++, name, clusterId, parentId);
        tasks.put(t.id, t);
        return t;
    }

    List<TaskRecord> subtasks(int parentId) {
        return tasks.values().stream().filter(t -> Integer.valueOf(parentId).equals(t.parentId)).toList();
    }

    int newClusterId() {
        return nextClusterId++;
    }

    int newNetworkId() {
        return nextNetworkId++;
    }

    /** Deletes a cluster with its tasks (cascade) and leaves its nodes to the caller. */
    void dropCluster(int id) {
        clusters.remove(id);
        List<Integer> gone = new ArrayList<>();
        tasks.values().stream().filter(t -> Integer.valueOf(id).equals(t.clusterId)).forEach(t -> gone.add(t.id));
        gone.forEach(tasks::remove);
    }
}
