package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** One network of a cluster (fuel-web 7.0 {@code NetworkGroup}): what {@code network_configuration} lists. */
final class NetworkGroup {
    final int id;
    final String name;
    final Integer groupId;
    String cidr;
    String gateway;
    Integer vlanStart;
    List<List<String>> ipRanges = new ArrayList<>();
    final ObjectNode meta;

    NetworkGroup(int id, String name, Integer groupId, String cidr, String gateway, Integer vlanStart,
                 List<List<String>> ipRanges, ObjectNode meta) {
        this.id = id;
        this.name = name;
        this.groupId = groupId;
        this.cidr = cidr;
        this.gateway = gateway;
        this.vlanStart = vlanStart;
        this.ipRanges = new ArrayList<>(ipRanges);
        this.meta = meta;
    }

    String notation() {
        return meta.path("notation").asText(null);
    }
}
