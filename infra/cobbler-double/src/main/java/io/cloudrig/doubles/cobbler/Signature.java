package io.cloudrig.doubles.cobbler;

import java.util.List;

/**
 * A remote method's Python signature, for the TypeError Python 2 raises on a wrong argument count (ceval.c: "takes
 * exactly / at least / at most N argument(s) (M given)", counting {@code self}).
 *
 * @param name     the method name
 * @param required positional parameters without defaults, self included
 * @param total    all positional parameters, self included ({@code **rest} does not change the count)
 */
record Signature(String name, int required, int total) {

    static Signature exactly(String name, int argsWithSelf) {
        return new Signature(name, argsWithSelf, argsWithSelf);
    }

    void check(List<Object> params) {
        int given = params.size() + 1;
        boolean hasDefaults = total > required;
        if (given > total) {
            throw CobblerFault.python("TypeError", message(hasDefaults ? "at most" : "exactly", total, given));
        }
        if (given < required) {
            throw CobblerFault.python("TypeError", message(hasDefaults ? "at least" : "exactly", required, given));
        }
    }

    private String message(String how, int n, int given) {
        return name + "() takes " + how + " " + n + " argument" + (n == 1 ? "" : "s") + " (" + given + " given)";
    }

    /** The positional argument {@code index} (0 is the first after self), or its default. */
    static Object arg(List<Object> params, int index, Object defaultValue) {
        return index < params.size() ? params.get(index) : defaultValue;
    }
}
