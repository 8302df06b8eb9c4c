package io.cloudrig.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Which config fields are secrets, and masking them for display ({@code show}, {@code config}, errors). */
public final class Secrets {
    public static final String MASK = "***";

    private Secrets() {
    }

    /**
     * True for field names that hold secrets: anything with password, passwd, secret or token in it, and the
     * private-key fields ({@code key}, {@code private_key}, {@code pkey}, {@code ssh_key}).
     */
    public static boolean isSecretField(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("secret") || n.contains("token")
                || n.equals("key") || n.equals("private_key") || n.equals("pkey") || n.equals("ssh_key")
                || n.equals("privatekey") || n.equals("hmac_key") || n.endsWith("profiler_hmac_key")
                || n.endsWith("profiler_conn_str");
    }

    /** True when the last segment of a JSON path ({@code $.admin.password}, {@code /admin/password}) is a secret. */
    public static boolean isSecretPath(String path) {
        if (path == null) {
            return false;
        }
        String[] parts = path.split("[./\\[\\]]");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].chars().allMatch(Character::isDigit)) {
                return isSecretField(parts[i]);
            }
        }
        return false;
    }

    /** A deep copy with every secret field's value replaced by {@value #MASK}. */
    public static JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode copy = node.deepCopy();
        maskInPlace(copy);
        return copy;
    }

    private static void maskInPlace(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isSecretField(e.getKey()) && !e.getValue().isNull() && !e.getValue().isContainerNode()) {
                    e.setValue(TextNode.valueOf(MASK));
                } else {
                    maskInPlace(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode) {
            node.forEach(Secrets::maskInPlace);
        }
    }
}
