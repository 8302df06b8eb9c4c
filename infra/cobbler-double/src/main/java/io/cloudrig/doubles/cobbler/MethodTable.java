package io.cloudrig.doubles.cobbler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * cobbler 2.6.9 {@code ProxiedXMLRPCInterface._dispatch}: an unknown name is CX "unknown remote method"; a known one
 * is called with the positional parameters (Python checks their count), and its result goes through
 * {@code xmlrpc_hacks} (None → "~") as the remote methods do.
 */
final class MethodTable {
    @FunctionalInterface
    interface Method {
        Object call(List<Object> params);
    }

    private record Entry(Signature signature, Method method) {
    }

    private final Map<String, Entry> methods = new HashMap<>();

    MethodTable add(Signature signature, Method method) {
        methods.put(signature.name(), new Entry(signature, method));
        return this;
    }

    Object dispatch(String name, List<Object> params) {
        Entry e = methods.get(name);
        if (e == null) {
            throw CobblerFault.cx("unknown remote method");
        }
        e.signature().check(params);
        return Values.stripNone(e.method().call(params));
    }
}
