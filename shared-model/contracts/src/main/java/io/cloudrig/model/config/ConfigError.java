package io.cloudrig.model.config;

import java.util.Objects;

/**
 * One config mistake.
 *
 * @param path the JSON path from the root of the deployment config, e.g. {@code $.provider.credentials[0].host}
 * @param expected what was expected there
 * @param found what was found (masked for secret fields)
 */
public record ConfigError(String path, String expected, String found) {
    private static final char LINE_SEPARATOR = 0x2028;
    private static final char PARAGRAPH_SEPARATOR = 0x2029;

    /** Checks the three fields. */
    public ConfigError {
        Objects.requireNonNull(path, "path: expected a JSON path but was null");
        Objects.requireNonNull(expected, "expected: expected a description but was null");
        Objects.requireNonNull(found, "found: expected a description but was null");
    }

    /**
     * {@code <path>: expected <expected>, found <found>}, as error messages list it: always one line, whatever the config
     * held (a line break or a terminal escape in a property name or a value is shown escaped, as JSON would).
     */
    @Override
    public String toString() {
        return oneLine(path) + ": expected " + oneLine(expected) + ", found " + oneLine(found);
    }

    /** {@code s} with every control character (C0, DEL, C1) and line or paragraph separator escaped. */
    static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR;
            if (!control) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
