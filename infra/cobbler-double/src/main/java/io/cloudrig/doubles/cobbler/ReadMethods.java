package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cloudrig.doubles.cobbler.Signature.arg;

/**
 * The login and read-only remote methods of cobbler 2.6.9 {@code remote.py} CobblerXMLRPCInterface (signatures as
 * there, self counted): login, logout, token_check, get_user_from_token, version, extended_version, ping,
 * get_system(s), get_profile(s), get_distro(s), find_system, find_profile, get_system_handle, has_item,
 * get_system_as_rendered, get_blended_data, get_task_status. Read methods take no token (a token argument is
 * accepted and ignored, get_system_handle's included).
 */
final class ReadMethods {
    private final CobblerStore store;
    private final Tokens tokens;
    private final BackgroundTasks tasks;

    ReadMethods(CobblerStore store, Tokens tokens, BackgroundTasks tasks) {
        this.store = store;
        this.tokens = tokens;
        this.tasks = tasks;
    }

    void register(MethodTable t) {
        t.add(Signature.exactly("login", 3), p -> login(p.get(0), p.get(1)))
                .add(Signature.exactly("logout", 2), p -> tokens.logout(p.get(0)))
                .add(Signature.exactly("token_check", 2), p -> tokens.validate(p.get(0)))
                .add(Signature.exactly("get_user_from_token", 2), p -> tokens.userOf(p.get(0)))
                .add(new Signature("version", 1, 2), p -> 2.609)
                .add(new Signature("extended_version", 1, 2), p -> extendedVersion())
                .add(Signature.exactly("ping", 1), p -> true)
                .add(new Signature("get_system", 2, 4), p -> getSystem(p.get(0), arg(p, 1, false)))
                .add(new Signature("get_systems", 1, 4), p -> Finder.findSystems(store, Map.of()))
                .add(new Signature("get_profile", 2, 4), p -> profileData(p.get(0)))
                .add(new Signature("get_profiles", 1, 4), p -> profiles())
                .add(new Signature("get_distro", 2, 4), p -> distroData(p.get(0)))
                .add(new Signature("get_distros", 1, 4), p -> store.distros.values().stream()
                        .map(Blender::distroData).toList())
                .add(new Signature("find_system", 1, 4), p -> find(Finder.findSystems(store, arg(p, 0, Map.of())),
                        arg(p, 1, false)))
                .add(new Signature("find_profile", 1, 4), p -> find(Finder.filter(profiles(), arg(p, 0, Map.of())),
                        arg(p, 1, false)))
                .add(Signature.exactly("get_system_handle", 3), p -> handle(p.get(0)))
                .add(new Signature("has_item", 3, 4), p -> hasItem(p.get(0), p.get(1)))
                .add(new Signature("get_system_as_rendered", 2, 3), p -> rendered(p.get(0)))
                .add(new Signature("get_system_for_koan", 2, 3), p -> rendered(p.get(0)))
                .add(new Signature("get_blended_data", 1, 3), p -> blended(arg(p, 0, null), arg(p, 1, null)))
                .add(Signature.exactly("get_task_status", 2), p -> tasks.status(p.get(0)));
    }

    /** remote.py login: the user's password from users.digest, else utils.die "login failed (user)". */
    private Object login(Object user, Object password) {
        if ("".equals(user)) {
            throw CobblerFault.cx("login failed");
        }
        String expected = user instanceof String u ? store.config.users().get(u) : null;
        if (expected == null || !expected.equals(password)) {
            throw CobblerFault.cx("login failed (" + Py.str(user) + ")");
        }
        return tokens.make((String) user);
    }

    private static Object extendedVersion() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("gitdate", "Fri Jun 12 08:07:39 2015 +0200");
        v.put("gitstamp", "ad8c6c2");
        v.put("builddate", "Fri Jun 12 08:07:39 2015");
        v.put("version", "2.6.9");
        v.put("version_tuple", List.of(2, 6, 9));
        return v;
    }

    /** get_item: the datastruct, or None (sent as "~") for an unknown name; flatten hashes to strings on request. */
    private Object getSystem(Object name, Object flatten) {
        SystemRecord s = store.system(name);
        if (s == null) {
            return null;
        }
        Map<String, Object> ds = s.datastruct();
        if (Values.inputBoolean(flatten)) {
            for (String h : List.of("kernel_options", "kernel_options_post", "ks_meta", "template_files",
                    "boot_files", "fetchable_files")) {
                ds.put(h, Values.hashToString(ds.get(h)));
            }
        }
        return ds;
    }

    private static Object find(List<Map<String, Object>> found, Object expand) {
        if (Boolean.TRUE.equals(expand) || (expand instanceof Integer i && i != 0)
                || (expand instanceof String s && !s.isEmpty())) {
            return found;
        }
        return found.stream().map(ds -> ds.get("name")).toList();
    }

    /** get_item_handle: "system::<name>"; an unknown name is CX "internal error, unknown system name X". */
    private Object handle(Object name) {
        SystemRecord s = store.system(name);
        if (s == null) {
            throw CobblerFault.cx("internal error, unknown system name " + Py.str(name));
        }
        return "system::" + s.name();
    }

    private Object hasItem(Object what, Object name) {
        String w = Py.str(what);
        return switch (w) {
            case "system" -> store.system(name) != null;
            case "profile" -> name instanceof String n && store.profile(n) != null;
            case "distro" -> name instanceof String n && store.distros.containsKey(CobblerStore.key(n));
            default -> throw CobblerFault.cx("internal error, collection name is " + w);
        };
    }

    /** get_system_for_koan: the rendered system, or {} for an unknown name. */
    private Object rendered(Object name) {
        SystemRecord s = store.system(name);
        return s == null ? new LinkedHashMap<>() : Blender.rendered(store, s);
    }

    /** get_blended_data: profile first, then system; CX when the named one does not exist. */
    private Object blended(Object profile, Object system) {
        if (profile != null && !"".equals(profile)) {
            ProfileSpec p = profile instanceof String n ? store.profile(n) : null;
            if (p == null) {
                throw CobblerFault.cx("profile not found: " + Py.str(profile));
            }
            return Blender.blendProfile(store, p);
        }
        if (system != null && !"".equals(system)) {
            SystemRecord s = store.system(system);
            if (s == null) {
                throw CobblerFault.cx("system not found: " + Py.str(system));
            }
            return Blender.blend(store, s);
        }
        throw CobblerFault.cx("internal error, no system or profile specified");
    }

    private List<Map<String, Object>> profiles() {
        List<Map<String, Object>> out = new ArrayList<>();
        store.profiles.values().forEach(p -> out.add(Blender.profileData(p)));
        return out;
    }

    private Object profileData(Object name) {
        ProfileSpec p = name instanceof String n ? store.profile(n) : null;
        return p == null ? null : Blender.profileData(p);
    }

    private Object distroData(Object name) {
        DistroSpec d = name instanceof String n ? store.distros.get(CobblerStore.key(n)) : null;
        return d == null ? null : Blender.distroData(d);
    }
}
