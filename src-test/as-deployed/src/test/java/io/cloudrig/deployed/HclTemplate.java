package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/**
 * Renders a Terraform string template for one {@code for_each} instance, as Terraform would, for the small part of
 * the language the module's templates use: literal text with {@code ${...}} interpolations of {@code each.key},
 * {@code each.value.<attr>}, string literals (themselves templates), {@code jsonencode(x)},
 * {@code jsondecode(x)}, object constructors {@code { a = x, b = y }}, {@code null}, {@code x == y} and
 * {@code c ? a : b}. Anything else fails, naming the expression: extend this on purpose
 * when the module starts using more.
 */
final class HclTemplate {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String eachKey;
    private final Map<String, JsonNode> eachValue;
    private String src;
    private int pos;

    private HclTemplate(String eachKey, Map<String, JsonNode> eachValue) {
        this.eachKey = eachKey;
        this.eachValue = eachValue;
    }

    /** {@code template} (hcl2json's text of a string or heredoc) rendered with {@code each.key}/{@code each.value}. */
    static String render(String template, String eachKey, Map<String, JsonNode> eachValue) {
        HclTemplate t = new HclTemplate(eachKey, eachValue);
        t.src = template;
        t.pos = 0;
        return t.templateUntil(-1);
    }

    /** Literal text and interpolations up to the end, or up to an unescaped '"' when {@code quote} is '"'. */
    private String templateUntil(int quote) {
        StringBuilder out = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (quote == '"' && c == '"') {
                pos++;
                return out.toString();
            }
            if (quote == '"' && c == '\\' && pos + 1 < src.length()) {
                out.append(unescape(src.charAt(pos + 1)));
                pos += 2;
            } else if (c == '$' && src.startsWith("${", pos)) {
                pos += 2;
                JsonNode v = expression();
                skipSpace();
                expect('}');
                out.append(v.isTextual() ? v.asText() : v.toString());
            } else {
                out.append(c);
                pos++;
            }
        }
        if (quote == '"') {
            throw fail("an unterminated string");
        }
        return out.toString();
    }

    /** A primary, optionally compared with {@code ==} to another, optionally the condition of {@code c ? a : b}. */
    private JsonNode expression() {
        JsonNode v = primary();
        skipSpace();
        if (src.startsWith("==", pos)) {
            pos += 2;
            JsonNode other = primary();
            v = JsonNodeFactory.instance.booleanNode(v.equals(other));
            skipSpace();
        }
        if (peek() == '?') {
            pos++;
            if (!v.isBoolean()) {
                throw fail("a condition that is true or false before '?'");
            }
            JsonNode yes = expression();
            skipSpace();
            expect(':');
            JsonNode no = expression();
            return v.booleanValue() ? yes : no;
        }
        return v;
    }

    private JsonNode primary() {
        skipSpace();
        if (peek() == '"') {
            pos++;
            return JsonNodeFactory.instance.textNode(templateUntil('"'));
        }
        if (peek() == '{') {
            return object();
        }
        String name = identifier();
        switch (name) {
            case "jsonencode": {
                JsonNode arg = call();
                return JsonNodeFactory.instance.textNode(arg.toString());
            }
            case "jsondecode": {
                JsonNode arg = call();
                try {
                    return MAPPER.readTree(arg.asText());
                } catch (IOException e) {
                    throw fail("jsondecode of text that is not JSON: " + arg.asText());
                }
            }
            case "each.key":
                return JsonNodeFactory.instance.textNode(eachKey);
            case "null":
                return JsonNodeFactory.instance.nullNode();
            default:
                if (name.startsWith("each.value.")) {
                    String attr = name.substring("each.value.".length());
                    if (!eachValue.containsKey(attr)) {
                        throw fail("each.value has no attribute '" + attr + "' in this test's sample");
                    }
                    return eachValue.get(attr);
                }
                throw fail("'" + name + "' (not rendered by this test's template reader)");
        }
    }

    private JsonNode call() {
        skipSpace();
        expect('(');
        JsonNode arg = expression();
        skipSpace();
        expect(')');
        return arg;
    }

    private ObjectNode object() {
        expect('{');
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return o;
            }
            String key = identifier();
            skipSpace();
            if (peek() != '=' && peek() != ':') {
                throw fail("'=' after object key " + key);
            }
            pos++;
            o.set(key, expression());
            skipSpace();
            if (peek() == ',') {
                pos++;
            }
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || "_.-".indexOf(src.charAt(pos)) >= 0)) {
            pos++;
        }
        if (start == pos) {
            throw fail("a name");
        }
        return src.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("'" + c + "'");
        }
        pos++;
    }

    private static char unescape(char c) {
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            default:
                return c;
        }
    }

    private AssertionError fail(String expected) {
        return new AssertionError("template: expected " + expected + " at offset " + pos + " of: " + src);
    }
}
