package io.cloudrig.doubles.fuel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of Nailgun's {@code nodes} table (fuel-web 7.0 {@code db/sqlalchemy/models/node.py}); mutable, state-locked. */
final class NodeRecord {
    final int id;
    final NodeSpec spec;
    final String adminIp;
    String name;
    String hostname;
    String status = "discover";
    boolean online = true;
    Integer clusterId;
    List<String> roles = new ArrayList<>();
    List<String> pendingRoles = new ArrayList<>();
    boolean pendingAddition;
    boolean pendingDeletion;
    int progress;
    String errorType;
    /** Network name to {@code ip/prefix}, assigned when a deployment starts (NetworkManager.assign_ips). */
    final Map<String, String> ips = new LinkedHashMap<>();

    NodeRecord(int id, NodeSpec spec, String adminIp) {
        this.id = id;
        this.spec = spec;
        this.adminIp = adminIp;
        // fuel-web 7.0 objects/node.py Node.create: name = "Untitled (" + mac[-5:] + ")", hostname "node-<id>"
        this.name = "Untitled (" + spec.mac().substring(spec.mac().length() - 5) + ")";
        this.hostname = "node-" + id;
    }

    /** {@code Node.full_name}: what the offline-nodes check prints. */
    String fullName() {
        return name + " (id=" + id + ", mac=" + spec.mac() + ")";
    }

    /** {@code Node.all_roles}. */
    List<String> allRoles() {
        List<String> all = new ArrayList<>(roles);
        pendingRoles.stream().filter(r -> !all.contains(r)).forEach(all::add);
        return all;
    }

    /** {@code Node.remove_from_cluster}: back to an unallocated node. */
    void leaveCluster() {
        clusterId = null;
        roles = new ArrayList<>();
        pendingRoles = new ArrayList<>();
        pendingAddition = false;
        pendingDeletion = false;
        ips.clear();
    }
}
