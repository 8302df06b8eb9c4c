package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system as Cobbler holds it in memory ({@code to_datastruct()}: the non-interface FIELDS plus
 * {@code interfaces}), and the machine behind it (power state, boots) that only power commands change.
 */
final class SystemRecord {
    /** The FIELDS of cobbler 2.6.9 item_system.py that to_datastruct() returns, in table order, with defaults. */
    private static final Object INHERIT = "<<inherit>>";

    final Map<String, Object> fields = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> interfaces = new LinkedHashMap<>();
    boolean poweredOn;
    int boots;
    int netboots;
    int saves;
    final List<String> powerLog = new ArrayList<>();

    SystemRecord(String name, String uid, double now) {
        Object[][] table = {
            {"name", name}, {"uid", uid}, {"owners", INHERIT}, {"profile", ""}, {"image", ""},
            {"status", "production"}, {"kernel_options", new LinkedHashMap<>()},
            {"kernel_options_post", new LinkedHashMap<>()}, {"ks_meta", new LinkedHashMap<>()},
            {"enable_gpxe", INHERIT}, {"proxy", INHERIT}, {"netboot_enabled", true}, {"kickstart", INHERIT},
            {"comment", ""}, {"depth", 2}, {"server", INHERIT}, {"virt_path", INHERIT}, {"virt_type", INHERIT},
            {"virt_cpus", INHERIT}, {"virt_file_size", INHERIT}, {"virt_disk_driver", INHERIT},
            {"virt_ram", INHERIT}, {"virt_auto_boot", INHERIT}, {"virt_pxe_boot", 0}, {"ctime", now},
            {"mtime", now}, {"power_type", "ipmitool"}, {"power_address", ""}, {"power_user", ""},
            {"power_pass", ""}, {"power_id", ""}, {"hostname", ""}, {"gateway", ""}, {"name_servers", new ArrayList<>()},
            {"name_servers_search", new ArrayList<>()}, {"ipv6_default_device", ""},
            {"ipv6_autoconfiguration", false}, {"mgmt_classes", INHERIT}, {"mgmt_parameters", INHERIT},
            {"boot_files", new LinkedHashMap<>()}, {"fetchable_files", new LinkedHashMap<>()},
            {"template_files", new LinkedHashMap<>()}, {"redhat_management_key", INHERIT},
            {"redhat_management_server", INHERIT}, {"template_remote_kickstarts", true},
            {"repos_enabled", false}, {"ldap_enabled", false}, {"ldap_type", "authconfig"},
            {"monit_enabled", false},
        };
        for (Object[] row : table) {
            fields.put((String) row[0], row[1]);
        }
    }

    String name() {
        return (String) fields.get("name");
    }

    boolean netbootEnabled() {
        return Boolean.TRUE.equals(fields.get("netboot_enabled"));
    }

    /** item_system.__get_interface: a new interface starts with these values. */
    Map<String, Object> iface(String name) {
        if (name.isEmpty() && interfaces.isEmpty()) {
            throw CobblerFault.cx("No interfaces defined. Please use --interface <interface_name>");
        } else if (name.isEmpty() && interfaces.size() == 1) {
            return interfaces.values().iterator().next();
        } else if (name.isEmpty()) {
            throw CobblerFault.cx("Multiple interfaces defined. Please use --interface <interface_name>");
        }
        return interfaces.computeIfAbsent(name, n -> {
            Map<String, Object> i = new LinkedHashMap<>();
            for (String k : List.of("mac_address", "mtu", "ip_address", "dhcp_tag", "subnet", "netmask",
                    "if_gateway", "virt_bridge")) {
                i.put(k, "");
            }
            i.put("static", false);
            for (String k : List.of("interface_type", "interface_master", "bonding", "bonding_master",
                    "bonding_opts", "bridge_opts")) {
                i.put(k, "");
            }
            i.put("management", false);
            i.put("dns_name", "");
            i.put("static_routes", new ArrayList<>());
            i.put("ipv6_address", "");
            i.put("ipv6_prefix", "");
            i.put("ipv6_secondaries", new ArrayList<>());
            i.put("ipv6_mtu", "");
            i.put("ipv6_static_routes", new ArrayList<>());
            i.put("ipv6_default_gateway", "");
            i.put("cnames", new ArrayList<>());
            i.put("connected_mode", false);
            return i;
        });
    }

    /** {@code to_datastruct()}: a deep copy, so callers never hold live state. */
    Map<String, Object> datastruct() {
        Map<String, Object> ds = Values.deepCopy(fields);
        ds.put("interfaces", Values.deepCopy(interfaces));
        return ds;
    }
}
