package io.cloudrig.model.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The free-text part of {@link Secrets}: masks, in any string (a config value, an error message, a log line, command
 * output), in this order:
 * <ol>
 * <li>PEM private keys: {@code -----BEGIN ... PRIVATE KEY-----} up to its END line (or the end of the text);</li>
 * <li>URL userinfo: {@code scheme://user:pw@host} → {@code scheme://user:***@host}, {@code scheme://token@host} →
 * {@code scheme://***@host} (the userinfo runs to the last {@code @} of the authority, so an unencoded {@code @} in a
 * password does not leave its tail);</li>
 * <li>named values whose name is a secret by {@link SecretNames}: {@code NAME=value}, {@code NAME: value},
 * {@code "NAME": "value"} (also with escaped quotes), {@code --name value}. The value is a quoted string, a bracketed
 * list (masked whole), a braced object (masked whole for value secrets, else scanned) or a bare word up to a space or
 * one of {@code , ; & " ' ) ] } < >}; an HTTP auth scheme word ({@code Bearer abc}) takes the next word with it. A name
 * right after {@code .}, {@code $}, {@code /} or {@code [} is a path segment ({@code $.admin.password: expected ...}),
 * not a name.</li>
 * </ol>
 */
final class SecretText {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|$)");
    private static final Pattern USERINFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.\\-]*://)([^/?#\\s\"'<>]*)@");
    private static final Pattern NAMED = Pattern.compile(
            "(?<![A-Za-z0-9_.$/\\[])(--?)?(\\\\?[\"']?)([A-Za-z_][A-Za-z0-9_\\-]*)\\2(\\s*[:=]\\s*|\\s+)");
    private static final Set<String> AUTH_SCHEMES = Set.of("basic", "bearer", "token", "digest", "negotiate",
            "aws4-hmac-sha256");
    private static final String BARE_END = " \t\r\n,;&\"')]}<>";

    private SecretText() {
    }

    static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text.contains("PRIVATE KEY-----") ? PEM.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                "-----BEGIN " + m.group(1) + "PRIVATE KEY-----" + Secrets.MASK + "-----END " + m.group(1)
                        + "PRIVATE KEY-----")) : text;
        if (out.contains("://")) {
            out = USERINFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + userinfo(m.group(2)) + "@"));
        }
        return named(out);
    }

    private static String userinfo(String u) {
        int colon = u.indexOf(':');
        return colon < 0 ? Secrets.MASK : u.substring(0, colon) + ":" + Secrets.MASK;
    }

    private static String named(String text) {
        Matcher m = NAMED.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            boolean flag = m.group(1) != null;
            boolean separated = !m.group(4).isBlank();
            SecretNames.Kind kind = SecretNames.kind(m.group(3));
            from = m.end(3) + 1;
            if (kind == SecretNames.Kind.NONE || !separated && !flag) {
                continue;
            }
            int[] span = valueSpan(text, m.end(), kind);
            if (span == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, span[0]).append(Secrets.MASK);
            copied = span[1];
            from = Math.max(from, span[1]);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Where the value that starts at {@code i} is (the part to replace), or null when there is none to mask. */
    private static int[] valueSpan(String t, int i, SecretNames.Kind kind) {
        if (i >= t.length()) {
            return null;
        }
        if (t.startsWith("\\\"", i)) {
            int end = t.indexOf("\\\"", i + 2);
            return inner(i + 2, end < 0 ? t.length() : end);
        }
        char c = t.charAt(i);
        if (c == '"' || c == '\'') {
            return inner(i + 1, closingQuote(t, i + 1, c));
        }
        if (c == '[' || c == '{' && kind == SecretNames.Kind.VALUE) {
            return inner(i + 1, closingBracket(t, i));
        }
        if (c == '{' || c == '-') {
            return null; // an object to scan name by name; a flag after a flag
        }
        int end = bareEnd(t, i);
        if (AUTH_SCHEMES.contains(t.substring(i, end).toLowerCase(Locale.ROOT)) && end + 1 < t.length()
                && t.charAt(end) == ' ' && BARE_END.indexOf(t.charAt(end + 1)) < 0) {
            end = bareEnd(t, end + 1);
        }
        return inner(i, end);
    }

    private static int[] inner(int start, int end) {
        return end > start ? new int[] {start, end} : null;
    }

    private static int bareEnd(String t, int i) {
        int j = i;
        while (j < t.length() && BARE_END.indexOf(t.charAt(j)) < 0) {
            j++;
        }
        return j;
    }

    private static int closingQuote(String t, int i, char q) {
        for (int j = i; j < t.length(); j++) {
            char c = t.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == q) {
                return j;
            }
        }
        return t.length();
    }

    /** The index of the bracket closing the one at {@code open} (quoted text skipped), or the text's end. */
    private static int closingBracket(String t, int open) {
        int depth = 0;
        for (int j = open; j < t.length(); j++) {
            char c = t.charAt(j);
            if (c == '"' || c == '\'') {
                j = closingQuote(t, j + 1, c);
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return t.length();
    }
}
