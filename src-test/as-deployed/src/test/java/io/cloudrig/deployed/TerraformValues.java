package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a resource's attributes for one {@code for_each} instance as {@code terraform plan} would know them
 * with every variable at its default: literals, string templates and the references the module's environment blocks
 * use ({@code each.key}, {@code var.x}, {@code var.x.attr} of an {@code optional(number, N)} object, {@code local.x},
 * {@code local.x[each.key]}). A reference to a resource's attribute is known only after {@code apply}: empty.
 */
final class TerraformValues {
    private static final Pattern LOCAL_INDEXED = Pattern.compile("^local\\.(\\w+)\\[each\\.key]$");
    private static final Pattern VAR_ATTRIBUTE = Pattern.compile("^var\\.(\\w+)\\.(\\w+)$");

    private final TerraformModule tf;
    private final String eachKey;

    TerraformValues(TerraformModule tf, String eachKey) {
        this.tf = tf;
        this.eachKey = eachKey;
    }

    /** The value of {@code value} (hcl2json's JSON of an attribute) as a string, or empty when known after apply. */
    Optional<String> string(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            return Optional.of(value.asText());
        }
        String s = value.asText();
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < s.length()) {
            int open = s.indexOf("${", pos);
            if (open < 0) {
                out.append(s, pos, s.length());
                break;
            }
            out.append(s, pos, open);
            int close = closing(s, open + 1);
            if (close < 0) {
                throw new AssertionError("unbalanced interpolation in " + s);
            }
            Optional<String> v = evaluate(s.substring(open + 2, close).strip());
            if (v.isEmpty()) {
                return Optional.empty();
            }
            out.append(v.get());
            pos = close + 1;
        }
        return Optional.of(out.toString());
    }

    /** The values of every attribute of {@code object} (an environment's {@code variables}), by name. */
    Map<String, Optional<String>> strings(JsonNode object) {
        Map<String, Optional<String>> out = new java.util.TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), string(e.getValue())));
        return out;
    }

    private Optional<String> evaluate(String expression) {
        if (expression.equals("each.key")) {
            return Optional.of(eachKey);
        }
        Matcher indexed = LOCAL_INDEXED.matcher(expression);
        if (indexed.matches()) {
            return string(tf.local(indexed.group(1)).path(eachKey));
        }
        Matcher attribute = VAR_ATTRIBUTE.matcher(expression);
        if (attribute.matches()) {
            Integer n = tf.optionalNumberDefaults(attribute.group(1)).get(attribute.group(2));
            return Optional.ofNullable(n).map(String::valueOf);
        }
        if (expression.matches("^var\\.\\w+$")) {
            return string(tf.variable(expression.substring(4)).path("default"));
        }
        if (expression.matches("^local\\.\\w+$")) {
            return string(tf.local(expression.substring(6)));
        }
        return Optional.empty();
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
