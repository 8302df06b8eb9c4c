package io.cloudrig.model.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.config.Secrets;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which values of a request's config are secrets: exactly the leaves {@link Secrets#mask} would mask when cloudrig shows
 * the config (every leaf under a key that names a secret, such as {@code password}; the scalars under a credentials-like
 * key, such as {@code creds}, by the same rules below it; any other string the text rules mask: a URL with a password,
 * a PEM key, a {@code NAME=value} pair with a secret name). So a request seals, and a runtime that requires sealed
 * secrets checks, what would otherwise be shown as {@code ***}. A sealed value is a string starting
 * {@value #SEALED_PREFIX}; its JSON path ({@code $.creds.openstack.admin.password}) is where it was sealed, and it opens
 * only there.
 */
public final class RequestSecretFields {
    /** How a sealed value starts (the store's sealed attributes use the same form). */
    public static final String SEALED_PREFIX = "enc:v1:";

    private RequestSecretFields() {
    }

    /** True for a string that is a sealed value. */
    public static boolean isSealed(JsonNode v) {
        return v != null && v.isTextual() && v.asText().startsWith(SEALED_PREFIX);
    }

    /** A deep copy of {@code config} whose every secret leaf (in clear) is replaced by {@code seal(path, value)}. */
    public static JsonNode sealEach(JsonNode config, BiFunction<String, JsonNode, JsonNode> seal) {
        JsonNode copy = config.deepCopy();
        JsonNode masked = Secrets.mask(config);
        if (secretLeaf(copy, masked)) {
            return seal.apply("$", copy);
        }
        sealIn(copy, masked, "$", seal);
        return copy;
    }

    /** A deep copy of {@code config} whose every sealed value is replaced by {@code open(path, sealed text)}. */
    public static JsonNode openEach(JsonNode config, BiFunction<String, String, JsonNode> open) {
        if (isSealed(config)) {
            return open.apply("$", config.asText());
        }
        JsonNode copy = config.deepCopy();
        openIn(copy, "$", open);
        return copy;
    }

    /** True when {@code config} holds a sealed value anywhere. */
    public static boolean hasSealed(JsonNode config) {
        if (isSealed(config)) {
            return true;
        }
        for (JsonNode child : config) {
            if (hasSealed(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The paths of the secret leaves of {@code config} that are in clear (not sealed): what a publisher must seal when
     * sealed requests are required. Never a value.
     */
    public static List<String> clearPaths(JsonNode config) {
        List<String> out = new ArrayList<>();
        clear(config, Secrets.mask(config), "$", out);
        return out;
    }

    private static void clear(JsonNode v, JsonNode masked, String path, List<String> out) {
        if (isSealed(v)) {
            return;
        }
        if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                clear(e.getValue(), masked.path(e.getKey()), path + "." + e.getKey(), out);
            }
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                clear(v.get(i), masked.path(i), path + "[" + i + "]", out);
            }
        } else if (!v.equals(masked)) {
            out.add(path);
        }
    }

    /** A scalar that masking changes (and is not sealed already). */
    private static boolean secretLeaf(JsonNode v, JsonNode masked) {
        return !v.isContainerNode() && !isSealed(v) && !v.equals(masked);
    }

    private static void sealIn(JsonNode node, JsonNode masked, String path, BiFunction<String, JsonNode, JsonNode> seal) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                JsonNode m = masked.path(e.getKey());
                if (secretLeaf(e.getValue(), m)) {
                    e.setValue(seal.apply(p, e.getValue()));
                } else {
                    sealIn(e.getValue(), m, p, seal);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                if (secretLeaf(a.get(i), masked.path(i))) {
                    a.set(i, seal.apply(p, a.get(i)));
                } else {
                    sealIn(a.get(i), masked.path(i), p, seal);
                }
            }
        }
    }

    private static void openIn(JsonNode node, String path, BiFunction<String, String, JsonNode> open) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                if (isSealed(e.getValue())) {
                    e.setValue(open.apply(p, e.getValue().asText()));
                } else {
                    openIn(e.getValue(), p, open);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                if (isSealed(a.get(i))) {
                    a.set(i, open.apply(p, a.get(i).asText()));
                } else {
                    openIn(a.get(i), p, open);
                }
            }
        }
    }
}
