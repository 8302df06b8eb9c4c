package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * JSON of Nailgun objects, field for field as fuel-web 7.0 {@code objects/serializers/} writes them
 * (ReleaseSerializer, ClusterSerializer, NodeSerializer, TaskSerializer). Relations are written as ids
 * ({@code BasicSerializer}: a node's "cluster" and a task's "cluster" are cluster ids or null).
 */
final class Serializers {
    private static final String DNS_DOMAIN = "domain.tld";

    private Serializers() {
    }

    static ObjectNode release(int id, ReleaseSpec r) {
        ObjectNode o = Json.object().put("id", id).put("name", r.name()).put("version", r.version());
        o.putArray("can_update_from_versions");
        o.put("description", "This option will install the OpenStack " + r.version().split("-")[0] + " packages "
                + "using " + r.operatingSystem() + " as a base operating system.");
        o.put("operating_system", r.operatingSystem());
        ObjectNode modes = o.putObject("modes_metadata");
        r.modes().forEach(m -> modes.putObject(m).put("description", m));
        ObjectNode roles = o.putObject("roles_metadata");
        r.roleConflicts().forEach((role, conflicts) -> {
            ObjectNode meta = roles.putObject(role).put("name", role);
            if (!conflicts.isEmpty()) {
                meta.set("conflicts", Json.strings(conflicts));
            }
        });
        o.put("state", r.deployable() ? "available" : "unavailable");
        o.put("is_deployable", r.deployable());
        return o;
    }

    static ObjectNode cluster(ClusterRecord c) {
        ObjectNode o = Json.object().put("id", c.id).put("name", c.name).put("mode", c.mode);
        ArrayNode changes = o.putArray("changes");
        c.changes.forEach(ch -> changes.addObject().put("name", ch).putNull("node_id"));
        o.put("status", c.status);
        ObjectNode ui = o.putObject("ui_settings").put("view_mode", "standard");
        ui.putObject("filter");
        ui.putArray("sort").addObject().put("roles", "asc");
        ui.putObject("filter_by_labels");
        ui.putArray("sort_by_labels");
        ui.put("search", "");
        o.put("is_customized", false).put("net_provider", c.netProvider).put("release_id", c.releaseId)
                .put("fuel_version", "7.0").putNull("pending_release_id");
        return o;
    }

    static ObjectNode task(TaskRecord t) {
        ObjectNode o = Json.object().put("id", t.id);
        if (t.clusterId == null) {
            o.putNull("cluster");
        } else {
            o.put("cluster", t.clusterId);
        }
        return o.put("uuid", t.uuid).put("name", t.name).<ObjectNode>set("result", t.result.deepCopy())
                .put("message", t.message).put("status", t.status).put("progress", t.progress);
    }

    static ObjectNode node(FuelState state, NodeRecord n) {
        ClusterRecord c = n.clusterId == null ? null : state.clusters.get(n.clusterId);
        return node(n, c, c == null ? null : state.releases.get(c.releaseId));
    }

    private static ObjectNode node(NodeRecord n, ClusterRecord cluster, ReleaseSpec release) {
        ObjectNode o = Json.object().put("id", n.id).put("name", n.name);
        o.set("meta", meta(n));
        o.put("progress", n.progress).putNull("kernel_params");
        o.set("roles", Json.strings(n.roles));
        o.set("pending_roles", Json.strings(n.pendingRoles));
        o.put("status", n.status).put("mac", n.spec.mac()).put("hostname", n.hostname).put("ip", n.adminIp)
                .put("manufacturer", n.spec.manufacturer()).putNull("platform_name")
                .put("pending_addition", n.pendingAddition).put("pending_deletion", n.pendingDeletion)
                .put("os_platform", release == null ? "centos" : release.operatingSystem().toLowerCase(Locale.ROOT)).put("error_type", n.errorType)
                .put("online", n.online);
        o.putObject("labels");
        if (n.clusterId == null) {
            o.putNull("cluster").putNull("group_id");
        } else {
            o.put("cluster", n.clusterId).put("group_id", n.clusterId);
        }
        o.set("network_data", networkData(n, cluster));
        o.put("fqdn", n.hostname + "." + DNS_DOMAIN);
        return o;
    }

    /** NetworkManager.get_node_networks: nothing outside a cluster; with an address once assigned; admin last. */
    private static ArrayNode networkData(NodeRecord n, ClusterRecord c) {
        ArrayNode data = Json.array();
        if (c == null) {
            return data;
        }
        for (NetworkGroup g : c.networks) {
            String dev = g.name.equals("public") ? "eth1" : "eth0";
            ObjectNode e = data.addObject().put("name", g.name).put("cidr", g.cidr);
            if (g.vlanStart == null) {
                e.putNull("vlan");
            } else {
                e.put("vlan", g.vlanStart);
            }
            String ip = n.ips.get(g.name);
            if (ip != null) {
                e.put("ip", ip).put("netmask", Ipv4.netmask(g.cidr))
                        .put("brd", Ipv4.toText(Ipv4.broadcast(g.cidr))).put("gateway", g.gateway);
            }
            e.put("dev", dev);
        }
        data.addObject().put("name", "fuelweb_admin").put("cidr", FuelState.ADMIN_CIDR).putNull("vlan")
                .put("ip", n.adminIp + "/24").put("netmask", "255.255.255.0").put("brd", "10.20.0.255")
                .put("gateway", FuelState.MASTER_IP).put("dev", "eth0");
        return data;
    }

    /** What the Fuel agent sends at discovery (nailgun-agent: cpu, memory, disks, interfaces, system). */
    private static ObjectNode meta(NodeRecord n) {
        NodeSpec s = n.spec;
        ObjectNode meta = Json.object();
        ObjectNode cpu = meta.putObject("cpu").put("total", s.cpus()).put("real", 1);
        ArrayNode spec = cpu.putArray("spec");
        for (int i = 0; i < s.cpus(); i++) {
            spec.addObject().put("model", "QEMU Virtual CPU version 2.0.0").put("frequency", 2400);
        }
        meta.putObject("memory").put("total", s.memoryBytes()).put("maximum_capacity", s.memoryBytes()).put("slots", 1);
        ArrayNode disks = meta.putArray("disks");
        char letter = 'a';
        for (Long size : s.diskBytes()) {
            String name = "vd" + letter++;
            disks.addObject().put("name", name).put("model", "QEMU HARDDISK").put("size", size)
                    .put("disk", "disk/by-path/pci-0000:00:0" + (letter - 'a' + 4) + ".0-virtio-pci-virtio" + name);
        }
        ArrayNode ifaces = meta.putArray("interfaces");
        ifaces.addObject().put("name", "eth0").put("mac", s.mac()).put("ip", n.adminIp)
                .put("netmask", "255.255.255.0").put("max_speed", 1000).put("current_speed", 1000).put("pxe", true);
        meta.putObject("system").put("manufacturer", s.manufacturer()).put("product", "Standard PC (i440FX + PIIX, 1996)")
                .put("serial", "Not Specified").put("fqdn", "bootstrap").put("version", "pc-i440fx-2.0");
        return meta;
    }
}
