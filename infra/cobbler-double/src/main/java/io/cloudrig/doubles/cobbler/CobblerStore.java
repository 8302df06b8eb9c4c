package io.cloudrig.doubles.cobbler;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * cobblerd's in-memory collections: settings, distros, profiles and systems (collections key objects by lower-cased
 * name, cobbler 2.6.9 {@code collection.py} {@code listing[name.lower()]}), plus the machines' power state.
 * Callers hold this object's monitor.
 */
final class CobblerStore {
    final InstantSource clock;
    final CobblerDoubleConfig config;
    final Map<String, Object> settings = new LinkedHashMap<>();
    final Map<String, DistroSpec> distros = new TreeMap<>();
    final Map<String, ProfileSpec> profiles = new TreeMap<>();
    final Map<String, SystemRecord> systems = new TreeMap<>();
    final Set<String> failingPower = new HashSet<>();

    CobblerStore(InstantSource clock, CobblerDoubleConfig config) {
        this.clock = clock;
        this.config = config;
        settings.put("server", config.server());
        settings.put("next_server", config.server());
        settings.put("http_port", 80);
        settings.put("default_password_crypted", "$1$mF86/UHC$WvcIcX2t6crBz2onWxyac.");
        settings.put("default_ownership", new ArrayList<>(List.of("admin")));
        settings.put("redhat_management_key", "");
        settings.put("redhat_management_server", "xmlrpc.rhn.redhat.com");
        settings.put("power_management_default_type", "ipmitool");
        settings.put("auth_token_expiration", (int) config.tokenExpiration().toSeconds());
        settings.put("pxe_just_once", 0);
        settings.put("manage_dhcp", 0);
        settings.put("enable_gpxe", 0);
        settings.put("proxy_url_int", "");
        Map<String, Object> kopts = new LinkedHashMap<>();
        kopts.put("ksdevice", "bootif");
        kopts.put("lang", " ");
        kopts.put("text", null);
        settings.put("kernel_options", kopts);
        settings.put("mgmt_classes", new ArrayList<>());
        settings.put("mgmt_parameters", new LinkedHashMap<>(Map.of("from_cobbler", 1)));
        settings.put("name_servers", new ArrayList<>());
    }

    Instant now() {
        return clock.instant();
    }

    double epochSeconds() {
        Instant n = now();
        return n.getEpochSecond() + n.getNano() / 1e9;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** {@code api.get_item("system", name)}: a non-string name fails on {@code name.lower()} as in Python. */
    SystemRecord system(Object name) {
        if (!(name instanceof String s)) {
            throw CobblerFault.noAttribute(name, "lower");
        }
        return systems.get(key(s));
    }

    ProfileSpec profile(String name) {
        return profiles.get(key(name));
    }

    SystemRecord add(SystemSpec spec) {
        if (profile(spec.profile()) == null) {
            throw new IllegalArgumentException("system '" + spec.name() + "': profile '" + spec.profile()
                    + "' is not defined; add it first");
        }
        SystemRecord s = new SystemRecord(spec.name(), uid(), epochSeconds());
        s.fields.put("profile", spec.profile());
        s.fields.put("hostname", spec.hostname());
        s.fields.put("power_type", spec.powerType());
        s.fields.put("power_address", spec.powerAddress());
        s.fields.put("power_user", spec.powerUser());
        s.fields.put("power_pass", spec.powerPass());
        s.fields.put("power_id", spec.powerId());
        s.fields.put("ks_meta", new LinkedHashMap<>(spec.ksMeta()));
        if (spec.owners() != null) {
            s.fields.put("owners", new ArrayList<>(spec.owners()));
        }
        s.fields.put("netboot_enabled", spec.netbootEnabled());
        s.fields.put("comment", spec.comment());
        for (InterfaceSpec i : spec.interfaces()) {
            Map<String, Object> iface = s.iface(i.name());
            iface.put("mac_address", i.macAddress());
            iface.put("ip_address", i.ipAddress());
            iface.put("netmask", i.netmask());
            iface.put("dns_name", i.dnsName());
            iface.put("static", i.isStatic());
            iface.put("management", i.management());
        }
        s.poweredOn = spec.poweredOn();
        systems.put(key(spec.name()), s);
        return s;
    }

    /** {@code utils.gen_uid}-like: base64 of the time and a random number. */
    private String uid() {
        String raw = epochSeconds() + String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L));
        return Base64.getEncoder().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
