package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "rendered" view of a system: cobbler 2.6.9 {@code utils.blender} (settings, then distro, then profile, then
 * system; "&lt;&lt;inherit&gt;&gt;" skipped, dicts merged, lists extended, "!key" removals), the interface fields
 * copied up as {@code <field>_<interface>} (what Rally's CobblerProvider.ip_for_system scans for "ip_address"),
 * {@code flatten} (hashes to "k=v " strings) and the extra names; and {@code get_system_for_koan}'s additions
 * (mgmt_classes as a dict, pxelinux.cfg for systems with a MAC or IP).
 */
final class Blender {
    private static final List<String> HASHES = List.of("kernel_options", "kernel_options_post", "ks_meta",
            "template_files", "boot_files", "fetchable_files");

    private Blender() {
    }

    /** {@code utils.blender(api, True, system)}. */
    static Map<String, Object> blend(CobblerStore store, SystemRecord system) {
        ProfileSpec profile = store.profile(String.valueOf(system.fields.get("profile")));
        return blend(store, profile, system);
    }

    /** {@code utils.blender(api, True, profile)}: what get_blended_data(profile=...) returns. */
    static Map<String, Object> blendProfile(CobblerStore store, ProfileSpec profile) {
        return blend(store, profile, null);
    }

    private static Map<String, Object> blend(CobblerStore store, ProfileSpec profile, SystemRecord system) {
        DistroSpec distro = profile == null ? null : store.distros.get(CobblerStore.key(profile.distro()));
        Map<String, Object> results = new LinkedHashMap<>();
        consolidate(results, store.settings);
        if (distro != null) {
            consolidate(results, distroData(distro));
        }
        if (profile != null) {
            consolidate(results, profileData(profile));
        }
        if (system != null) {
            consolidate(results, system.datastruct());
        }
        for (String h : HASHES) {
            removals(results, h);
        }
        if (distro != null && distro.breed().equals("redhat")
                && String.valueOf(Values.hashToString(results.get("kernel_options"))).length() < 244) {
            asMap(results, "kernel_options").put("kssendmac", null);
        }
        if (system != null) {
            system.interfaces.forEach((name, iface) -> iface.forEach((k, v) -> {
                results.put(k + "_" + name, Values.deepCopy(v));
                if (name.equals("intf0")) {
                    results.putIfAbsent(k, Values.deepCopy(v));
                }
            }));
        }
        results.put("repo_data", new ArrayList<>());
        results.put("http_server", results.get("server"));
        asMap(results, "mgmt_parameters").putAll(asMap(results, "ks_meta"));
        for (String h : HASHES) {
            results.put(h, Values.hashToString(results.get(h)));
        }
        if (results.get("repos") instanceof List<?> repos) {
            results.put("repos", String.join(" ", repos.stream().map(Py::str).toList()));
        }
        if (system != null) {
            results.put("system_name", results.get("name"));
            results.put("profile_name", results.get("profile"));
        } else {
            results.put("profile_name", results.get("name"));
        }
        if (results.containsKey("distro")) {
            results.put("distro_name", results.get("distro"));
        }
        return results;
    }

    /** {@code get_system_for_koan}: the blend, mgmt_classes expanded, and a pxelinux.cfg when PXE is managed. */
    static Map<String, Object> rendered(CobblerStore store, SystemRecord system) {
        Map<String, Object> r = blend(store, system);
        r.put("mgmt_classes", new LinkedHashMap<>());
        boolean managed = system.interfaces.values().stream()
                .anyMatch(i -> !"".equals(i.get("mac_address")) || !"".equals(i.get("ip_address")));
        if (managed) {
            r.put("pxelinux.cfg", pxe(r, system));
        }
        return r;
    }

    /** templates/pxe/pxesystem.template when netboot is enabled, else pxelocal.template (pxegen.write_pxe_file). */
    private static String pxe(Map<String, Object> r, SystemRecord system) {
        if (!system.netbootEnabled()) {
            return "DEFAULT local\nPROMPT 0\nTIMEOUT 0\nTOTALTIMEOUT 0\nONTIMEOUT local\n\nLABEL local\n"
                    + "        LOCALBOOT -1\n";
        }
        String distro = String.valueOf(r.get("distro"));
        return "default linux\nprompt 0\ntimeout 1\nlabel linux\n        kernel /images/" + distro + "/vmlinuz\n"
                + "        ipappend 2\n        append initrd=/images/" + distro + "/initrd.img "
                + r.get("kernel_options") + " ks=http://" + r.get("http_server") + "/cblr/svc/op/ks/system/"
                + r.get("name") + "\n";
    }

    @SuppressWarnings("unchecked")
    private static void consolidate(Map<String, Object> results, Map<String, Object> node) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            Object value = Values.deepCopy(e.getValue());
            if ("<<inherit>>".equals(value)) {
                continue;
            }
            Object existing = results.get(e.getKey());
            if (existing instanceof Map<?, ?> m && value instanceof Map<?, ?> v) {
                ((Map<String, Object>) m).putAll((Map<String, Object>) v);
            } else if (existing instanceof List<?> l && value instanceof List<?> v) {
                List<Object> merged = new ArrayList<>((List<Object>) l);
                v.stream().filter(x -> !merged.contains(x)).forEach(merged::add);
                results.put(e.getKey(), merged);
            } else if (!(results.containsKey(e.getKey()) && e.getKey().equals("distro"))) {
                results.put(e.getKey(), value);
            }
        }
    }

    private static void removals(Map<String, Object> results, String field) {
        if (results.get(field) instanceof Map<?, ?> m) {
            Map<String, Object> h = asMap(results, field);
            for (Object k : List.copyOf(m.keySet())) {
                String key = String.valueOf(k);
                if (key.startsWith("!")) {
                    h.remove(key);
                    h.remove(key.substring(1));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Map<String, Object> results, String field) {
        Object v = results.get(field);
        if (v instanceof Map<?, ?>) {
            return (Map<String, Object>) v;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        results.put(field, m);
        return m;
    }

    static Map<String, Object> distroData(DistroSpec d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("arch", d.arch());
        m.put("breed", d.breed());
        m.put("os_version", d.osVersion());
        m.put("kernel", d.kernel());
        m.put("initrd", d.initrd());
        m.put("kernel_options", new LinkedHashMap<>(d.kernelOptions()));
        m.put("kernel_options_post", new LinkedHashMap<>());
        m.put("ks_meta", new LinkedHashMap<>(d.ksMeta()));
        m.put("owners", "<<inherit>>");
        m.put("comment", "");
        m.put("depth", 0);
        return m;
    }

    static Map<String, Object> profileData(ProfileSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        // a new profile takes SETTINGS:default_ownership (item_profile.py FIELDS)
        m.put("owners", new ArrayList<>(p.owners() == null ? List.of("admin") : p.owners()));
        m.put("distro", p.distro());
        m.put("enable_gpxe", "<<inherit>>");
        m.put("kickstart", p.kickstart());
        m.put("kernel_options", new LinkedHashMap<>(p.kernelOptions()));
        m.put("kernel_options_post", new LinkedHashMap<>());
        m.put("ks_meta", new LinkedHashMap<>(p.ksMeta()));
        m.put("proxy", "<<inherit>>");
        m.put("repos", new ArrayList<>());
        m.put("comment", "");
        m.put("server", "<<inherit>>");
        m.put("name_servers", new ArrayList<>());
        m.put("name_servers_search", new ArrayList<>());
        m.put("mgmt_classes", new ArrayList<>());
        m.put("mgmt_parameters", "<<inherit>>");
        m.put("parent", "");
        m.put("depth", 1);
        return m;
    }
}
