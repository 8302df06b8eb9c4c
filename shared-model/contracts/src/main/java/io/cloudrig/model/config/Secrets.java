package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The one masking component: everything cloudrig shows, logs, emits or reports goes through {@link #mask(JsonNode)}
 * (JSON: configs, credentials, resource details) or {@link #maskText(String)} (text: error messages, progress and log
 * lines, command output). It masks by structure, not only by key name:
 * <ul>
 * <li>a key that names a secret ({@link #isSecretField}: the rule is {@link SecretNames}) masks its value whatever its
 * JSON type: a string, a number, a boolean, every element of an array ({@code "ADMIN_PASSWORD": ["a", "b"]}), every
 * leaf of an object; {@code null} stays {@code null} (nothing to hide). Under a credentials-like key ({@code creds},
 * {@code credentials}, {@code auth}) scalars are masked and objects are masked key by key, so a host or a user name
 * stays readable;</li>
 * <li>every other string, at any depth ({@code auth_url}, {@code devstack_repo}, {@code extra}, {@code api_info}), is
 * masked as text ({@link SecretText}): URL userinfo, PEM private keys, and {@code NAME=value} pairs with a secret
 * name.</li>
 * </ul>
 * docs/design/secrets.md lists where each channel calls it.
 */
public final class Secrets {
    public static final String MASK = "***";

    private Secrets() {
    }

    /**
     * True for key names that hold secrets (password, passwd, secret, token, key, credential, auth, ...; see
     * {@link SecretNames} for the rule and its exceptions such as {@code keystone}, {@code key_name}, {@code auth_url}).
     */
    public static boolean isSecretField(String name) {
        return SecretNames.kind(name) != SecretNames.Kind.NONE;
    }

    /**
     * True when a JSON path ({@code $.admin.password}, {@code /admin/password}, {@code $.local_conf.ADMIN_PASSWORD[1]},
     * {@code $.token.id}) points at a secret: its last named segment is a secret name, or it is under a value secret
     * ({@code token}, {@code password}, ...) at any depth.
     */
    public static boolean isSecretPath(String path) {
        if (path == null) {
            return false;
        }
        String last = null;
        for (String part : path.split("[./\\[\\]]")) {
            if (part.isEmpty() || part.equals("$") || part.chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (SecretNames.kind(part) == SecretNames.Kind.VALUE) {
                return true;
            }
            last = part;
        }
        return last != null && isSecretField(last);
    }

    /** A deep copy of {@code node} with every secret masked as the class comment describes. */
    public static JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(maskText(node.asText()));
        }
        JsonNode copy = node.deepCopy();
        maskChildren(copy);
        return copy;
    }

    /** {@code text} with URL userinfo, PEM private keys and secret-named values masked; null stays null. */
    public static String maskText(String text) {
        return SecretText.mask(text);
    }

    /** Masks, in place, the children of an object or an array by the key rule and the text rule. */
    private static void maskChildren(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (SecretNames.kind(e.getKey())) {
                    case VALUE -> e.setValue(maskAll(e.getValue()));
                    case CONTAINER -> e.setValue(maskContainer(e.getValue()));
                    default -> e.setValue(maskOrdinary(e.getValue()));
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, maskOrdinary(a.get(i)));
            }
        }
    }

    private static JsonNode maskOrdinary(JsonNode v) {
        if (v.isTextual()) {
            String masked = maskText(v.asText());
            return masked.equals(v.asText()) ? v : TextNode.valueOf(masked);
        }
        maskChildren(v);
        return v;
    }

    /** Every leaf masked, the shape kept. */
    private static JsonNode maskAll(JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return v;
        }
        if (v instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(maskAll(e.getValue())));
            return o;
        }
        if (v instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, maskAll(a.get(i)));
            }
            return a;
        }
        return TextNode.valueOf(MASK);
    }

    /** Scalars (also as array elements) masked; objects masked key by key. */
    private static JsonNode maskContainer(JsonNode v) {
        if (v instanceof ObjectNode) {
            maskChildren(v);
            return v;
        }
        if (v instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, maskContainer(a.get(i)));
            }
            return a;
        }
        return maskAll(v);
    }
}
