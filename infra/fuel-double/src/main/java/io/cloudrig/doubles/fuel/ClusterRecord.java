package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of Nailgun's {@code clusters} table with its attributes and network configuration. */
final class ClusterRecord {
    final int id;
    String name;
    String mode;
    final String netProvider;
    final int releaseId;
    String status = "new";
    /** {@code ClusterChanges} names; fuel-web 7.0 Cluster.create adds attributes, networks, vmware_attributes. */
    final List<String> changes = new ArrayList<>(List.of("attributes", "networks", "vmware_attributes"));
    final ObjectNode editable;
    final List<NetworkGroup> networks;
    final ObjectNode networkingParameters;
    /** VIP alias ({@code public_vip}, {@code management_vip}, ...) to address, for HA clusters. */
    final Map<String, String> vips = new LinkedHashMap<>();

    ClusterRecord(int id, String name, String mode, String netProvider, int releaseId, ObjectNode editable,
                  List<NetworkGroup> networks, ObjectNode networkingParameters) {
        this.id = id;
        this.name = name;
        this.mode = mode;
        this.netProvider = netProvider;
        this.releaseId = releaseId;
        this.editable = editable;
        this.networks = networks;
        this.networkingParameters = networkingParameters;
    }

    boolean isHa() {
        return mode.startsWith("ha_");
    }

    void addChange(String change) {
        if (!changes.contains(change)) {
            changes.add(change);
        }
    }

    NetworkGroup network(String networkName) {
        return networks.stream().filter(n -> n.name.equals(networkName)).findFirst().orElse(null);
    }
}
