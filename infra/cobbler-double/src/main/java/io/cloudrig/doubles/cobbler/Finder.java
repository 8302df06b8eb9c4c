package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code find_system(criteria)} matching, as cobbler 2.6.9 does it: {@code api.find_items} (empty criteria: all),
 * {@code Collection.find} ({@code __rekey}: ip→ip_address, mac→mac_address, ksmeta→ks_meta, ...),
 * {@code Item.find_match} ("~" negates), {@code find_match_single_key} and {@code __find_compare}: strings by
 * {@code fnmatch} on lower-cased text (wildcards), lists by "all of these words", dicts by "k=v" pairs, booleans by
 * truthy words. The object compared is {@code to_datastruct()}: raw values, so an inherited field is the literal
 * "&lt;&lt;inherit&gt;&gt;". Quirk kept: for interface fields (mac_address, ip_address, dns_name, ...) 2.6.9 passes the
 * arguments of {@code __find_compare} the other way round, so the stored value is the pattern and a wildcard in the
 * criteria does not match.
 */
final class Finder {
    private static final Map<String, String> REKEY = Map.ofEntries(Map.entry("kopts", "kernel_options"),
            Map.entry("kopts_post", "kernel_options_post"), Map.entry("ksmeta", "ks_meta"),
            Map.entry("inherit", "parent"), Map.entry("ip", "ip_address"), Map.entry("mac", "mac_address"),
            Map.entry("virt-auto-boot", "virt_auto_boot"), Map.entry("virt-file-size", "virt_file_size"),
            Map.entry("virt-disk-driver", "virt_disk_driver"), Map.entry("virt-ram", "virt_ram"),
            Map.entry("virt-path", "virt_path"), Map.entry("virt-type", "virt_type"),
            Map.entry("virt-bridge", "virt_bridge"), Map.entry("virt-cpus", "virt_cpus"),
            Map.entry("virt-host", "virt_host"), Map.entry("virt-group", "virt_group"),
            Map.entry("dhcp-tag", "dhcp_tag"), Map.entry("netboot-enabled", "netboot_enabled"),
            Map.entry("ldap-enabled", "ldap_enabled"), Map.entry("monit-enabled", "monit_enabled"));
    private static final Set<String> INTERFACE_KEYS = Set.of("mac_address", "ip_address", "subnet", "netmask",
            "virt_bridge", "dhcp_tag", "dns_name", "static_routes", "interface_type", "interface_master",
            "bonding_opts", "bridge_opts", "bonding", "bonding_master");

    private Finder() {
    }

    /** The matching systems' datastructs, sorted by name ({@code __sort} with no sort field). */
    static List<Map<String, Object>> findSystems(CobblerStore store, Object criteria) {
        List<Map<String, Object>> all = new ArrayList<>();
        store.systems.values().forEach(s -> all.add(s.datastruct()));
        return filter(all, criteria);
    }

    /** The datastructs matching {@code criteria}, sorted by name. */
    static List<Map<String, Object>> filter(List<Map<String, Object>> items, Object criteria) {
        List<Map<String, Object>> all = new ArrayList<>(items);
        all.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        if (criteria instanceof Map<?, ?> m && m.isEmpty()) {
            return all;
        }
        if (!(criteria instanceof Map<?, ?> m)) {
            throw CobblerFault.python("TypeError", "find() argument after ** must be a mapping, not "
                    + Py.typeName(criteria));
        }
        Map<String, Object> keyed = new LinkedHashMap<>();
        m.forEach((k, v) -> keyed.put(REKEY.getOrDefault(String.valueOf(k), String.valueOf(k)), v));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> ds : all) {
            if (matches(ds, keyed)) {
                out.add(ds);
            }
        }
        return out;
    }

    private static boolean matches(Map<String, Object> data, Map<String, Object> criteria) {
        for (Map.Entry<String, Object> c : criteria.entrySet()) {
            Object value = c.getValue();
            if (!(value instanceof String s)) {
                throw CobblerFault.noAttribute(value, "startswith");
            }
            boolean res = s.startsWith("~") ? !matchKey(data, c.getKey(), s.substring(1))
                    : matchKey(data, c.getKey(), s);
            if (!res) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static boolean matchKey(Map<String, Object> data, String key, String value) {
        boolean keyFoundAlready = false;
        if (data.containsKey("interfaces") && INTERFACE_KEYS.contains(key)) {
            key = switch (key) {
                case "bonding" -> "interface_type";
                case "bonding_master" -> "interface_master";
                default -> key;
            };
            keyFoundAlready = true;
            for (Map<String, Object> iface : ((Map<String, Map<String, Object>>) data.get("interfaces")).values()) {
                if (iface.containsKey(key) && compare(iface.get(key), value)) {
                    return true;
                }
            }
        }
        if (!data.containsKey(key)) {
            return false;
        }
        return compare(value, data.get(key));
    }

    /** {@code __find_compare(from_search, from_obj)}. */
    private static boolean compare(Object fromSearch, Object fromObj) {
        if (fromObj instanceof String obj) {
            if (!(fromSearch instanceof String search)) {
                throw CobblerFault.noAttribute(fromSearch, "lower");
            }
            return Py.fnmatch(obj.toLowerCase(Locale.ROOT), search.toLowerCase(Locale.ROOT));
        }
        if (fromSearch instanceof String search) {
            if (fromObj instanceof List<?> list) {
                Object words = Values.stringOrList(search);
                // "<<inherit>>" comes back as a string, and Python then iterates its characters
                List<?> each = words instanceof String w ? w.chars().mapToObj(c -> String.valueOf((char) c)).toList()
                        : (List<?>) words;
                for (Object word : each) {
                    if (!list.contains(word)) {
                        return false;
                    }
                }
                return true;
            }
            if (fromObj instanceof Map<?, ?> map) {
                Map<String, Object> wanted = Values.stringOrHash(search);
                for (Map.Entry<String, Object> w : wanted.entrySet()) {
                    if (!map.containsKey(w.getKey()) || !java.util.Objects.equals(w.getValue(), map.get(w.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            if (fromObj instanceof Boolean b) {
                boolean inp = List.of("true", "1", "y", "yes").contains(search.toLowerCase(Locale.ROOT));
                return inp == b;
            }
        }
        throw CobblerFault.cx("find cannot compare type: <type '" + Py.typeName(fromObj) + "'>");
    }
}
