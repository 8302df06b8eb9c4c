package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Network configuration of a cluster: defaults from the release's {@code networks_metadata} (fuel-web 7.0
 * {@code fixtures/openstack.yaml}), the {@code network_configuration/<provider>} JSON
 * ({@code objects/serializers/network_configuration.py}), updates ({@code NetworkManager.update}) and IP and VIP
 * assignment ({@code NetworkManager.assign_ips}, {@code assign_vips_for_net_groups_for_api}).
 */
final class NetworkConfigs {
    static final int ADMIN_NETWORK_ID = 1;
    private static final String[] VIP_NETWORKS = {"public", "management"};
    private static final String[] VIP_KINDS = {"vip", "vrouter_vip"};

    private NetworkConfigs() {
    }

    static List<NetworkGroup> defaults(FuelState state, int clusterId, String provider, String segmentation) {
        List<NetworkGroup> nets = new ArrayList<>();
        boolean neutron = "neutron".equals(provider);
        String publicLast = neutron ? "172.16.0.126" : "172.16.0.127";
        nets.add(group(state, clusterId, "public", "172.16.0.0/24", "172.16.0.1", null,
                List.of(List.of("172.16.0.2", publicLast)), meta("ip_ranges", true, true, "public", 1)));
        nets.add(group(state, clusterId, "management", "192.168.0.0/24", null, 101,
                cidrRange("192.168.0.0/24"), meta("cidr", false, true, "internal", 2)));
        nets.add(group(state, clusterId, "storage", "192.168.1.0/24", null, 102,
                cidrRange("192.168.1.0/24"), meta("cidr", false, true, "storage", 2)));
        if (!neutron) {
            nets.add(group(state, clusterId, "fixed", null, null, null, List.of(), meta(null, false, false, null, 2)));
        } else if ("vlan".equals(segmentation)) {
            nets.add(group(state, clusterId, "private", null, null, null, List.of(), meta(null, false, false, null, 2)));
        } else {
            nets.add(group(state, clusterId, "private", "192.168.2.0/24", null, 103, cidrRange("192.168.2.0/24"),
                    meta("cidr", false, true, null, 2)));
        }
        return nets;
    }

    static ObjectNode defaultParameters(String provider, String segmentation) {
        ObjectNode p = Json.object();
        p.putArray("dns_nameservers").add("8.8.4.4").add("8.8.8.8");
        if ("neutron".equals(provider)) {
            p.put("segmentation_type", segmentation).put("net_l23_provider", "ovs");
            p.set("floating_ranges", Json.array().add(Json.array().add("172.16.0.130").add("172.16.0.254")));
            p.set("vlan_range", Json.array().add(1000).add(1030));
            p.set("gre_id_range", Json.array().add(2).add(65535));
            p.put("base_mac", "fa:16:3e:00:00:00").put("internal_cidr", "192.168.111.0/24")
                    .put("internal_gateway", "192.168.111.1").putNull("configuration_template");
        } else {
            p.put("net_manager", "FlatDHCPManager").put("fixed_networks_cidr", "10.0.0.0/16")
                    .put("fixed_networks_vlan_start", 103).put("fixed_network_size", 256)
                    .put("fixed_networks_amount", 1);
            p.set("floating_ranges", Json.array().add(Json.array().add("172.16.0.128").add("172.16.0.254")));
        }
        return p;
    }

    /** {@code fixtures/admin_network.json}: network 1, shared by every cluster, group_id null. */
    static NetworkGroup admin() {
        ObjectNode meta = meta("ip_ranges", true, false, null, 0).put("unmovable", true);
        return new NetworkGroup(ADMIN_NETWORK_ID, "fuelweb_admin", null, FuelState.ADMIN_CIDR, FuelState.MASTER_IP,
                null, List.of(List.of("10.20.0.3", "10.20.0.254")), meta);
    }

    /** GET {@code /clusters/<id>/network_configuration/<provider>}. */
    static ObjectNode serialize(ClusterRecord c) {
        ObjectNode out = Json.object();
        ArrayNode nets = out.putArray("networks");
        c.networks.forEach(n -> nets.add(networkJson(n)));
        nets.add(networkJson(admin()));
        if (c.isHa()) {
            vips(c).forEach(out::put);
        }
        out.set("networking_parameters", c.networkingParameters.deepCopy());
        return out;
    }

    /** Applies validated data ({@code NetworkManager.update}: networks by id, then networking_parameters keys). */
    static void update(ClusterRecord c, JsonNode data) {
        for (JsonNode n : data.path("networks")) {
            NetworkGroup g = c.networks.stream().filter(x -> x.id == n.path("id").asInt()).findFirst().orElseThrow();
            if (n.has("cidr")) {
                g.cidr = n.get("cidr").isNull() ? null : n.get("cidr").asText();
            }
            if (n.has("gateway")) {
                g.gateway = n.get("gateway").isNull() ? null : n.get("gateway").asText();
            }
            if (n.has("vlan_start")) {
                g.vlanStart = n.get("vlan_start").isNull() ? null : n.get("vlan_start").asInt();
            }
            if (n.has("ip_ranges")) {
                g.ipRanges = ranges(n.get("ip_ranges"));
            }
            if (n.has("meta") && n.get("meta").isObject()) {
                Json.merge(g.meta, n.get("meta"));
            }
        }
        if (data.path("networking_parameters").isObject()) {
            data.get("networking_parameters").fields()
                    .forEachRemaining(e -> c.networkingParameters.set(e.getKey(), e.getValue().deepCopy()));
        }
        c.vips.clear();
        c.addChange("networks");
    }

    /** The API's VIP aliases for an HA cluster, assigned on first read from each network's ranges. */
    static Map<String, String> vips(ClusterRecord c) {
        for (String net : VIP_NETWORKS) {
            for (String kind : VIP_KINDS) {
                String key = net + "_" + kind;
                if (!c.vips.containsKey(key) && c.network(net) != null) {
                    c.vips.put(key, nextFree(c.network(net), used(c, null)));
                }
            }
        }
        return new LinkedHashMap<>(c.vips);
    }

    /** {@code NetworkManager.assign_ips}: one address per addressed network for each node without one. */
    static void assignIps(ClusterRecord c, List<NodeRecord> clusterNodes, List<NodeRecord> targets) {
        if (c.isHa()) {
            vips(c);
        }
        for (NetworkGroup g : c.networks) {
            if (g.cidr == null || g.ipRanges.isEmpty()) {
                continue;
            }
            for (NodeRecord n : targets) {
                if (!n.ips.containsKey(g.name)) {
                    String ip = nextFree(g, used(c, clusterNodes));
                    n.ips.put(g.name, ip + "/" + Ipv4.prefix(g.cidr));
                }
            }
        }
    }

    private static Set<String> used(ClusterRecord c, List<NodeRecord> nodes) {
        Set<String> used = new HashSet<>(c.vips.values());
        if (nodes != null) {
            nodes.forEach(n -> n.ips.values().forEach(ip -> used.add(ip.split("/")[0])));
        }
        return used;
    }

    private static String nextFree(NetworkGroup g, Set<String> used) {
        for (List<String> r : g.ipRanges) {
            for (long a = Ipv4.toLong(r.get(0)); a <= Ipv4.toLong(r.get(1)); a++) {
                String ip = Ipv4.toText(a);
                if (!used.contains(ip) && !ip.equals(g.gateway)) {
                    return ip;
                }
            }
        }
        throw new ApiError(400, "Not enough free IP addresses in pool");
    }

    static List<List<String>> ranges(JsonNode ranges) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : ranges) {
            out.add(List.of(r.path(0).asText(), r.path(1).asText()));
        }
        return out;
    }

    private static ObjectNode networkJson(NetworkGroup n) {
        ObjectNode o = Json.object().put("id", n.id);
        if (n.groupId == null) {
            o.putNull("group_id");
        } else {
            o.put("group_id", n.groupId);
        }
        o.put("name", n.name).put("cidr", n.cidr).put("gateway", n.gateway);
        if (n.vlanStart == null) {
            o.putNull("vlan_start");
        } else {
            o.put("vlan_start", n.vlanStart);
        }
        o.set("meta", n.meta.deepCopy());
        ArrayNode ranges = o.putArray("ip_ranges");
        n.ipRanges.forEach(r -> ranges.add(Json.strings(r)));
        return o;
    }

    private static NetworkGroup group(FuelState state, int clusterId, String name, String cidr, String gateway,
                                      Integer vlan, List<List<String>> ranges, ObjectNode meta) {
        return new NetworkGroup(state.newNetworkId(), name, clusterId, cidr, gateway, vlan, ranges, meta);
    }

    /** Nailgun makes a cidr-notation network's range from its CIDR: first host to last host. */
    private static List<List<String>> cidrRange(String cidr) {
        return List.of(List.of(Ipv4.toText(Ipv4.network(cidr) + 1), Ipv4.toText(Ipv4.broadcast(cidr) - 1)));
    }

    private static ObjectNode meta(String notation, boolean useGateway, boolean configurable, String mask,
                                   int priority) {
        return Json.object().put("notation", notation).put("use_gateway", useGateway)
                .put("configurable", configurable).put("render_type", "cidr".equals(notation) ? "cidr" : null)
                .put("render_addr_mask", mask)
                .put("map_priority", priority);
    }
}
