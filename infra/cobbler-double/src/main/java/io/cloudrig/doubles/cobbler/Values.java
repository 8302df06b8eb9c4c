package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copying and Cobbler's value conversions ({@code utils.strip_none}, {@code hash_to_string}, input_* helpers). */
final class Values {
    private Values() {
    }

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return value;
    }

    /** {@code utils.strip_none} (xmlrpc_hacks): None becomes "~" everywhere, keys become strings. */
    static Object stripNone(Object data) {
        if (data == null) {
            return "~";
        }
        if (data instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), stripNone(v)));
            return out;
        }
        if (data instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(stripNone(v)));
            return out;
        }
        return data;
    }

    /** {@code utils.hash_to_string}: "k=v " per entry, "k " for empty values, one "k=x " per list item. */
    static Object hashToString(Object hash) {
        if (!(hash instanceof Map<?, ?> m)) {
            return hash;
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            boolean empty = v instanceof List<?> l0 ? l0.isEmpty() : v instanceof Map<?, ?> m0 && m0.isEmpty();
            if (v == null || empty || "".equals(v) || Boolean.FALSE.equals(v) || Integer.valueOf(0).equals(v)) {
                sb.append(k).append(' ');
            } else if (v instanceof List<?> items) {
                items.forEach(item -> sb.append(k).append('=').append(Py.str(item)).append(' '));
            } else {
                sb.append(k).append('=').append(Py.str(v)).append(' ');
            }
        });
        return sb.toString();
    }

    /** {@code utils.input_string_or_list}. */
    static Object stringOrList(Object options) {
        if ("<<inherit>>".equals(options)) {
            return "<<inherit>>";
        }
        if (options == null || "".equals(options) || "delete".equals(options)) {
            return new ArrayList<>();
        }
        if (options instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (options instanceof String s) {
            return new ArrayList<>(Py.shlexSplit(s));
        }
        throw CobblerFault.cx("invalid input type");
    }

    /** {@code utils.input_string_or_hash}: null when the input is neither a string nor a dict (success False). */
    static Map<String, Object> stringOrHash(Object options) {
        if ("<<inherit>>".equals(options) || options == null || "delete".equals(options)) {
            return new LinkedHashMap<>();
        }
        if (options instanceof List<?>) {
            throw CobblerFault.cx("No idea what to do with list: " + Py.repr(options));
        }
        if (options instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return out;
        }
        if (options instanceof String s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String token : Py.shlexSplit(s)) {
                String[] kv = token.split("=", 2);
                out.put(kv[0], kv.length == 1 ? null : kv[1]);
            }
            return out;
        }
        return null;
    }

    /** {@code utils.input_boolean}. */
    static boolean inputBoolean(Object value) {
        return List.of("true", "1", "on", "yes", "y").contains(Py.str(value).toLowerCase(java.util.Locale.ROOT));
    }
}
