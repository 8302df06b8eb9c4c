package io.cloudrig.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * What the CLI prints of values it did not write itself (deployment names, errors, resource names, the config): control
 * characters, terminal escapes and invisible formatting characters (bidirectional overrides, zero-width ones) shown
 * escaped, so that a name cannot move the cursor, recolour or rewrite the terminal, break a table row or a line of
 * output, or pass for another name. JSON output stays valid JSON with the same escapes ({@link #JSON_ESCAPES}).
 */
public final class Text {
    /** Jackson's escapes for the JSON the CLI prints: the standard ones plus every character {@link #isUnsafe} names. */
    public static final CharacterEscapes JSON_ESCAPES = new JsonEscapes();

    private Text() {
    }

    /** {@code s} with every unsafe character escaped as JSON would (backslash n, t, r, else backslash u and 4 hex digits). */
    public static String visible(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isUnsafe(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            sb.append(escape(c));
        }
        return sb == null ? s : sb.toString();
    }

    /** Each line of {@code s} made {@link #visible}, line breaks kept (for multi-line messages). */
    public static String visibleLines(String s) {
        if (s == null) {
            return null;
        }
        String[] lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = visible(lines[i]);
        }
        return String.join("\n", lines);
    }

    /**
     * True for what must not reach a terminal raw: C0 controls and DEL (ESC starts terminal sequences), C1 controls (CSI
     * U+009B is one on some terminals), Unicode format characters (bidirectional overrides and isolates, zero-width
     * characters, the BOM) and line and paragraph separators.
     */
    public static boolean isUnsafe(char c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                return String.format("\\u%04x", (int) c);
        }
    }

    /** The standard JSON escapes, plus a backslash-u escape for every other character {@link #isUnsafe} names. */
    private static final class JsonEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        JsonEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch <= Character.MAX_VALUE && isUnsafe((char) ch)) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
