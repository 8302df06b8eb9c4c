package io.cloudrig.doubles.cobbler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code modify_system(handle, attribute, value, token)} once the object is found: cobbler 2.6.9 {@code remote.py}
 * modify_item (REMAP_COMPAT names, unknown attributes return False) and the {@code set_*} methods of
 * {@code item_system.py} / {@code item.py} it calls (remote_methods: one per FIELDS entry, plus modify_interface,
 * delete_interface, rename_interface). Changes apply to the live object at once, as in cobblerd; save_system persists.
 */
final class SystemSetters {
    private static final Map<String, String> REMAP_COMPAT = Map.of("ksmeta", "ks_meta", "kopts", "kernel_options",
            "kopts_post", "kernel_options_post", "netboot-enabled", "netboot_enabled");
    /** "*" FIELDS: their setters take (value, interface), so calling them with one argument is a TypeError. */
    private static final Set<String> INTERFACE_FIELDS = Set.of("mac_address", "connected_mode", "mtu", "ip_address",
            "interface_type", "interface_master", "bonding_opts", "bridge_opts", "management", "static", "netmask",
            "if_gateway", "dhcp_tag", "dns_name", "static_routes", "virt_bridge", "ipv6_address", "ipv6_prefix",
            "ipv6_secondaries", "ipv6_mtu", "ipv6_static_routes", "ipv6_default_gateway", "cnames");
    private static final Set<String> HASHES = Set.of("kernel_options", "kernel_options_post", "ks_meta", "boot_files",
            "fetchable_files", "template_files");
    private static final Set<String> LISTS = Set.of("owners", "name_servers", "name_servers_search", "mgmt_classes");
    private static final Set<String> BOOLEANS = Set.of("netboot_enabled", "ipv6_autoconfiguration", "repos_enabled",
            "ldap_enabled", "monit_enabled", "virt_pxe_boot", "template_remote_kickstarts");
    private static final Set<String> SAFE = Set.of("power_address", "power_user", "power_pass", "power_id");
    private static final Pattern MAC = Pattern.compile("^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?$");

    private SystemSetters() {
    }

    static Object modify(CobblerStore store, SystemRecord s, String attribute, Object arg) {
        String attr = REMAP_COMPAT.getOrDefault(attribute, attribute);
        if (INTERFACE_FIELDS.contains(attr)) {
            throw CobblerFault.python("TypeError", "set_" + attr + "() takes exactly 3 arguments (2 given)");
        }
        switch (attr) {
            case "profile" -> setProfile(store, s, arg);
            case "power_type" -> setPowerType(store, s, arg);
            case "gateway" -> {
                String g = arg == null ? "" : Py.str(arg);
                if (!g.isEmpty() && !isIp(g)) {
                    throw CobblerFault.cx("invalid format for gateway IP address (" + g + ")");
                }
                s.fields.put("gateway", g);
            }
            case "modify_interface" -> modifyInterface(store, s, arg);
            case "delete_interface" -> deleteInterface(s, arg);
            case "name", "uid", "ctime", "mtime", "depth", "image" -> {
                return false; // not modelled by the double (rename_system, images); see README
            }
            default -> {
                if (!s.fields.containsKey(attr)) {
                    return false;
                }
                s.fields.put(attr, convert(attr, arg));
            }
        }
        return true;
    }

    private static Object convert(String attr, Object arg) {
        if (HASHES.contains(attr)) {
            Map<String, Object> h = Values.stringOrHash(arg);
            if (h == null) {
                throw CobblerFault.cx(attr.equals("ks_meta") ? "invalid kickstart metadata" : "invalid " + attr);
            }
            return h;
        }
        if (LISTS.contains(attr)) {
            if (!attr.equals("owners") && "<<inherit>>".equals(arg)) {
                return new java.util.ArrayList<>();
            }
            return Values.stringOrList(arg);
        }
        if (BOOLEANS.contains(attr)) {
            return Values.inputBoolean(arg);
        }
        if (SAFE.contains(attr) && arg instanceof String v && (v.contains("..") || v.contains(";"))) {
            throw CobblerFault.cx("Invalid characters found in input");
        }
        return arg == null ? "" : Py.str(arg);
    }

    /** item_system.set_profile: "delete"/"None"/"~"/"" clear it; an unknown name is refused. */
    private static void setProfile(CobblerStore store, SystemRecord s, Object arg) {
        String name = arg == null ? "" : Py.str(arg);
        if (List.of("delete", "None", "~", "").contains(name)) {
            s.fields.put("profile", "");
            return;
        }
        if (store.profile(name) == null) {
            throw CobblerFault.cx("invalid profile name: " + name);
        }
        s.fields.put("image", "");
        s.fields.put("profile", name);
    }

    /** item_system.set_power_type: one of the installed fence agents. */
    private static void setPowerType(CobblerStore store, SystemRecord s, Object arg) {
        String type = arg == null ? "" : Py.str(arg);
        List<String> choices = store.config.fenceAgents().stream().sorted().toList();
        if (choices.isEmpty()) {
            throw CobblerFault.cx("you need to have fence-agents installed");
        }
        if (!choices.contains(type)) {
            throw CobblerFault.cx("power management type must be one of: " + String.join(",", choices));
        }
        s.fields.put("power_type", type);
    }

    /** item_system.modify_interface: keys "<field>-<interface>", e.g. "ipaddress-eth0". */
    private static void modifyInterface(CobblerStore store, SystemRecord s, Object arg) {
        if (!(arg instanceof Map<?, ?> hash)) {
            throw CobblerFault.noAttribute(arg, "iteritems");
        }
        for (Map.Entry<?, ?> e : hash.entrySet()) {
            String key = String.valueOf(e.getKey());
            int dash = key.indexOf('-');
            if (dash < 0) {
                throw CobblerFault.python("ValueError", "need more than 1 value to unpack");
            }
            String field = key.substring(0, dash).replace("_", "");
            String iface = key.substring(dash + 1);
            Object value = e.getValue();
            switch (field) {
                case "macaddress" -> setUnique(store, s, iface, "mac_address", value, "MAC address duplicated: ",
                        v -> MAC.matcher(v).matches(), "invalid format for MAC address (%s)");
                case "ipaddress" -> setUnique(store, s, iface, "ip_address", value, "IP address duplicated: ",
                        SystemSetters::isIp, "invalid format for IP address (%s)");
                case "dnsname" -> setUnique(store, s, iface, "dns_name", value, "dns-name duplicated: ", v -> true, "");
                case "static" -> s.iface(iface).put("static", Values.inputBoolean(value));
                case "management" -> s.iface(iface).put("management", Values.inputBoolean(value));
                case "netmask", "subnet" -> s.iface(iface).put("netmask", Py.str(value));
                case "ifgateway" -> s.iface(iface).put("if_gateway", Py.str(value));
                case "dhcptag" -> s.iface(iface).put("dhcp_tag", Py.str(value));
                case "virtbridge" -> s.iface(iface).put("virt_bridge", Py.str(value));
                case "mtu" -> s.iface(iface).put("mtu", Py.str(value));
                default -> {
                    // other fields (bonding, bridges, IPv6, routes) are not modelled; Cobbler ignores unknown ones
                }
            }
        }
    }

    private static void setUnique(CobblerStore store, SystemRecord s, String iface, String field, Object value,
                                  String duplicated, java.util.function.Predicate<String> valid, String invalid) {
        String v = Py.str(value);
        if (!v.isEmpty()) {
            for (SystemRecord other : store.systems.values()) {
                boolean same = other.interfaces.values().stream()
                        .anyMatch(i -> v.equalsIgnoreCase(String.valueOf(i.get(field))));
                if (other != s && same) {
                    throw CobblerFault.cx(duplicated + v);
                }
            }
        }
        if (!v.isEmpty() && !valid.test(v)) {
            throw CobblerFault.cx(String.format(invalid, v));
        }
        s.iface(iface).put(field, field.equals("mac_address") ? v.toLowerCase(java.util.Locale.ROOT) : v.strip());
    }

    /** item_system.delete_interface: absent is fine, the last one stays. */
    private static void deleteInterface(SystemRecord s, Object arg) {
        String name = Py.str(arg);
        if (s.interfaces.containsKey(name)) {
            if (s.interfaces.size() == 1) {
                throw CobblerFault.cx("At least one interface needs to be defined.");
            }
            s.interfaces.remove(name);
        }
    }

    private static boolean isIp(String v) {
        return IPV4.matcher(v).matches() || v.contains(":");
    }
}
