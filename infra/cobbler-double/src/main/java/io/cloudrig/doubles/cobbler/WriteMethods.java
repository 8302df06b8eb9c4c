package io.cloudrig.doubles.cobbler;

import java.util.List;

import static io.cloudrig.doubles.cobbler.Signature.arg;

/**
 * The token-checked remote methods of cobbler 2.6.9 {@code remote.py} this double serves: modify_system,
 * save_system, remove_system, power_system, background_power_system, disable_netboot. Order of checks as there:
 * the object handle is resolved first ({@code __get_object}), then {@code check_access(token, ...)} (CX "invalid
 * token: ..."), then the work.
 */
final class WriteMethods {
    private static final List<String> POWER_MODES = List.of("on", "off", "status", "reboot");

    private final CobblerStore store;
    private final Tokens tokens;
    private final BackgroundTasks tasks;

    WriteMethods(CobblerStore store, Tokens tokens, BackgroundTasks tasks) {
        this.store = store;
        this.tokens = tokens;
        this.tasks = tasks;
    }

    void register(MethodTable t) {
        t.add(Signature.exactly("modify_system", 5), p -> modify(p.get(0), p.get(1), p.get(2), p.get(3)))
                .add(new Signature("save_system", 3, 4), p -> save(p.get(0), p.get(1)))
                .add(new Signature("remove_system", 3, 4), p -> remove(p.get(0), p.get(1)))
                .add(new Signature("power_system", 2, 7), p -> power(p.get(0), arg(p, 1, null), arg(p, 2, null)))
                .add(Signature.exactly("background_power_system", 3), p -> backgroundPower(p.get(0), p.get(1)))
                .add(new Signature("disable_netboot", 2, 3), p -> false);
    }

    static boolean isPowerMode(Object mode) {
        return mode instanceof String m && POWER_MODES.contains(m);
    }

    /** {@code __get_object}: "system::name" → the live system or None; other shapes fail as Python would. */
    private SystemRecord object(Object objectId) {
        if (!(objectId instanceof String id)) {
            throw CobblerFault.noAttribute(objectId, "startswith");
        }
        if (id.startsWith("___NEW___")) {
            throw CobblerFault.python("KeyError", Py.repr(id));
        }
        int sep = id.indexOf("::");
        if (sep < 0) {
            throw CobblerFault.python("ValueError", "need more than 1 value to unpack");
        }
        String type = id.substring(0, sep);
        if (!type.equals("system")) {
            throw CobblerFault.cx("internal error, collection name is " + type);
        }
        return store.system(id.substring(sep + 2));
    }

    private Object modify(Object objectId, Object attribute, Object value, Object token) {
        SystemRecord s = object(objectId);
        tokens.checkAccess(token);
        if (s == null) {
            throw CobblerFault.noAttribute(null, "remote_methods");
        }
        return SystemSetters.modify(store, s, Py.str(attribute), value);
    }

    /** save_item → api.add_item → Collection.add: False when check_if_valid fails (no profile and no image). */
    private Object save(Object objectId, Object token) {
        SystemRecord s = object(objectId);
        tokens.checkAccess(token);
        if (s == null) {
            throw CobblerFault.noAttribute(null, "name");
        }
        if ("".equals(s.fields.get("profile")) && "".equals(s.fields.get("image"))) {
            return false;
        }
        s.saves++;
        s.fields.put("mtime", store.epochSeconds());
        return true;
    }

    /** remove_item takes a name, not a handle. */
    private Object remove(Object name, Object token) {
        tokens.checkAccess(token);
        SystemRecord s = store.system(name);
        if (s == null) {
            throw CobblerFault.cx("cannot delete an object that does not exist: " + Py.str(name));
        }
        store.systems.remove(CobblerStore.key(s.name()));
        return true;
    }

    /**
     * power_system(object_id, power, token): Rally's CobblerProvider calls it with the handle from
     * get_system_handle and "reboot". A bare name is not a handle in 2.6.9 (ValueError on the split).
     */
    private Object power(Object objectId, Object mode, Object token) {
        SystemRecord s = object(objectId);
        tokens.checkAccess(token);
        if (!isPowerMode(mode)) {
            throw CobblerFault.cx("invalid power mode '" + Py.str(mode) + "', expected on/off/status/reboot");
        }
        if (s == null) {
            throw CobblerFault.noAttribute(null, "power_type");
        }
        return PowerControl.power(store, s, (String) mode);
    }

    private Object backgroundPower(Object options, Object token) {
        tokens.checkAccess(token);
        return tasks.powerSystems(options);
    }
}
