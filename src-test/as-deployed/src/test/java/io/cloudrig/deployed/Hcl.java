package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading attribute values as hcl2json gives them: a literal is itself; an expression is its source text wrapped in
 * {@code "${...}"} ({@code timeout = var.t[each.key]} comes back as {@code "${var.t[each.key]}"}); a string template
 * keeps its literal parts ({@code "${aws_x.y.arn}:*"}). The wiring test compares expression text exactly: a change of
 * shape fails it with the text found, to be read and the test adjusted on purpose.
 */
final class Hcl {
    /** {@code aws_sqs_queue.this["createServers"].arn} and the like: a reference to one instance of a resource. */
    private static final Pattern INSTANCE_ATTRIBUTE = Pattern.compile(
            "^([a-z0-9_]+)\\.([a-z0-9_]+)\\[(?:\"([^\"]+)\"|(\\d+))]\\.([a-z0-9_]+)$");
    /** {@code key = value} lines of a flat object constructor ({@code jsonencode({ ... })}). */
    private static final Pattern OBJECT_ATTRIBUTE = Pattern.compile("(?m)^\\s*(\\w+)\\s*=\\s*(.+?)\\s*,?\\s*$");

    private Hcl() {
    }

    /** The expression of a value that is exactly one {@code ${...}}, e.g. {@code var.x[each.key]}; else empty. */
    static Optional<String> expression(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String s = value.asText();
        if (!s.startsWith("${") || !s.endsWith("}") || closingBrace(s, 1) != s.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(s.substring(2, s.length() - 1).strip());
    }

    /** {@link #expression} or an error naming where the value is and what it held. */
    static String requireExpression(JsonNode value, String where) {
        return expression(value).orElseThrow(() -> new AssertionError(where + ": expected an expression but found "
                + value));
    }

    /** The literal strings of a list value ({@code ["a", "b"]}); an error for anything else. */
    static List<String> literalStrings(JsonNode list, String where) {
        if (list == null || !list.isArray()) {
            throw new AssertionError(where + ": expected a list of literal strings but found " + list);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isTextual() || n.asText().contains("${")) {
                throw new AssertionError(where + ": expected literal strings but found " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    /** A reference to one instance's attribute, {@code type.name[key].attribute} ({@code [0]} gives key "0"). */
    record InstanceAttribute(String type, String name, String key, String attribute) {
        static Optional<InstanceAttribute> parse(String expression) {
            Matcher m = INSTANCE_ATTRIBUTE.matcher(expression.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new InstanceAttribute(m.group(1), m.group(2), m.group(3) != null ? m.group(3) : m.group(4),
                    m.group(5)));
        }
    }

    /**
     * The attributes of an object constructor written one per line, as in {@code jsonencode({\n a = x\n b = y\n})}:
     * {@code {a=x, b=y}} with each value's expression text.
     */
    static Map<String, String> objectAttributes(String constructor) {
        int open = constructor.indexOf('{');
        int close = constructor.lastIndexOf('}');
        Map<String, String> out = new LinkedHashMap<>();
        if (open < 0 || close < open) {
            return out;
        }
        Matcher m = OBJECT_ATTRIBUTE.matcher(constructor.substring(open + 1, close));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** Index of the '}' closing the '{' at {@code open}, skipping quoted strings; -1 if none. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
