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
 * Which values of a request's config are secrets, by the masking rules of {@link Secrets} (so what a request must seal
 * is exactly what cloudrig would mask when showing it): the whole value of a key that names a secret ({@code password},
 * {@code creds}, {@code ssh_key}, ...), and any other string the text rules mask (a URL with a password, a PEM key, a
 * {@code NAME=value} pair with a secret name). A sealed value is a string starting {@value #SEALED_PREFIX}; its JSON path
 * ({@code $.creds.openstack.admin.password}) is where it was sealed, and it opens only there.
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

    /** A deep copy of {@code config} whose every secret value (clear) is replaced by {@code seal(path, value)}. */
    public static JsonNode sealEach(JsonNode config, BiFunction<String, JsonNode, JsonNode> seal) {
        JsonNode copy = config.deepCopy();
        sealIn(copy, "$", seal);
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
     * The paths of the secret values of {@code config} that are in clear (neither sealed nor null): what a publisher
     * must seal when sealed requests are required. Never a value.
     */
    public static List<String> clearPaths(JsonNode config) {
        List<String> out = new ArrayList<>();
        clear(config, "$", false, out);
        return out;
    }

    private static void clear(JsonNode v, String path, boolean secret, List<String> out) {
        if (v == null || v.isNull() || isSealed(v)) {
            return;
        }
        if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                clear(e.getValue(), path + "." + e.getKey(), secret || Secrets.isSecretField(e.getKey()), out);
            }
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                clear(v.get(i), path + "[" + i + "]", secret, out);
            }
        } else if (secret || v.isTextual() && !v.asText().equals(Secrets.maskText(v.asText()))) {
            out.add(path);
        }
    }

    private static void sealIn(JsonNode node, String path, BiFunction<String, JsonNode, JsonNode> seal) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                JsonNode v = e.getValue();
                if (v.isNull() || isSealed(v)) {
                    continue;
                }
                if (Secrets.isSecretField(e.getKey()) || maskedText(v)) {
                    e.setValue(seal.apply(p, v));
                } else {
                    sealIn(v, p, seal);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                JsonNode v = a.get(i);
                if (maskedText(v)) {
                    a.set(i, seal.apply(p, v));
                } else if (!isSealed(v)) {
                    sealIn(v, p, seal);
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

    private static boolean maskedText(JsonNode v) {
        return v.isTextual() && !v.asText().equals(Secrets.maskText(v.asText()));
    }
}
