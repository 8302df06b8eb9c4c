package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The few pieces of Python 2 behaviour Cobbler's answers depend on: {@code repr} and {@code str} of values (fault
 * strings are {@code "%s:%s" % (exc_type, exc_value)}), type names, {@code fnmatch} (find_system wildcards) and
 * {@code shlex.split} (list and hash criteria).
 */
final class Py {
    private Py() {
    }

    /** Python 2 {@code repr(str)}: single quotes unless the text has a single quote and no double quote. */
    static String repr(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 32 || c == 127) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    /** {@code repr} of an unmarshalled XML-RPC value. */
    static String repr(Object v) {
        if (v instanceof String s) {
            return repr(s);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(repr(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(repr(k) + ": " + repr(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        return str(v);
    }

    /** Python 2 {@code str()}. */
    static String str(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            return repr(v);
        }
        return String.valueOf(v);
    }

    /** The Python type name of an unmarshalled XML-RPC value. */
    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof List<?>) {
            return "list";
        }
        if (v instanceof Map<?, ?>) {
            return "dict";
        }
        return "instance";
    }

    /** {@code fnmatch.fnmatch(name, pattern)} on POSIX (case-sensitive; callers lower both as Cobbler does). */
    static boolean fnmatch(String name, String pattern) {
        return Pattern.compile(translate(pattern), Pattern.DOTALL).matcher(name).matches();
    }

    /** {@code fnmatch.translate}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}; the rest is literal. */
    static String translate(String pat) {
        StringBuilder res = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                res.append(".*");
            } else if (c == '?') {
                res.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    res.append("\\[");
                } else {
                    String stuff = pat.substring(i, j).replace("\\", "\\\\");
                    i = j + 1;
                    if (stuff.startsWith("!")) {
                        stuff = "^" + stuff.substring(1);
                    } else if (stuff.startsWith("^")) {
                        stuff = "\\" + stuff;
                    }
                    res.append('[').append(stuff.replace("[", "\\[")).append(']');
                }
            } else {
                res.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return res.toString();
    }

    /** {@code shlex.split}: whitespace-separated words, with single and double quotes and backslash escapes. */
    static List<String> shlexSplit(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw CobblerFault.python("ValueError", "No closing quotation");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
