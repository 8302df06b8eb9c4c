package io.cloudrig.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.model.config.ConfigError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A deployment config as the CLI takes it: a regular file (a FIFO, a device or a directory is refused before it is
 * opened, so {@code --file /dev/zero} or a pipe never hangs or fills the memory) of at most {@link #MAX_BYTES} (checked
 * before reading, and again while reading), in UTF-8 (a NUL byte, an invalid byte sequence or a UTF-16/32 byte order
 * mark is refused with its byte offset; a UTF-8 byte order mark is dropped), holding exactly one JSON document (data
 * after it, a second document, or a property given twice is refused with where it is).
 */
public final class ConfigInput {
    /**
     * The largest config accepted. A deployment is one DynamoDB item (at most 400 KB) that holds the config, a second
     * copy of it while a recreate waits, the credentials and the servers, its secrets encrypted (longer than in clear):
     * 64 KiB leaves room for all of it. The largest shipped sample is under 4 KiB.
     */
    public static final int MAX_BYTES = 64 * 1024;
    private static final String LIMIT = MAX_BYTES + " bytes (64 KiB, so that a deployment fits in one DynamoDB item of "
            + "400 KB)";

    private ConfigInput() {
    }

    /** The text of the config file {@code file}, checked as above; fails with one line naming the file and what is wrong. */
    public static String read(Path file) {
        return read(Path.of(""), file);
    }

    /**
     * {@link #read(Path)} of {@code file} as the user gave it, a relative one resolved against {@code cwd} (the caller's
     * working directory, which for a command the runtime serves is not this process's); messages name it as given.
     */
    public static String read(Path cwd, Path file) {
        Path at = cwd.resolve(file);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(at, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CliFailure("config file not found: " + file);
        } catch (IOException e) {
            throw new CliFailure("cannot read config file " + file + ": " + e.getMessage());
        }
        if (!attrs.isRegularFile()) {
            throw new CliFailure("config file " + file + " is " + kind(attrs) + ": expected a regular file of at most "
                    + LIMIT);
        }
        if (attrs.size() > MAX_BYTES) {
            throw tooLarge("config file " + file, attrs.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(at)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new CliFailure("cannot read config file " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge("config file " + file, -1); // it grew while being read
        }
        return decode(bytes, "config file " + file);
    }

    /** A config text that did not come from a file (e.g. {@code --fromenv}): the same size and NUL checks. */
    public static String check(String text, String what) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(what, bytes.length);
        }
        return decode(bytes, what);
    }

    private static CliFailure tooLarge(String what, long size) {
        return new CliFailure(what + " is " + (size < 0 ? "more than " + MAX_BYTES + " bytes" : size + " bytes")
                + ": the limit is " + LIMIT);
    }

    private static String kind(BasicFileAttributes attrs) {
        if (attrs.isDirectory()) {
            return "a directory";
        }
        return attrs.isOther() ? "not a regular file (a FIFO, socket or device)" : "not a regular file";
    }

    /** The bytes as UTF-8 text: refuses other encodings and NUL with the byte offset. */
    static String decode(byte[] bytes, String what) {
        String bom = foreignByteOrderMark(bytes);
        if (bom != null) {
            throw new CliFailure(what + " is " + bom + " (byte order mark at byte offset 0): save it as UTF-8");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new CliFailure(what + " holds a NUL byte at byte offset " + i + ": expected UTF-8 JSON text"
                        + (looksLikeUtf16(bytes) ? " (it looks like UTF-16: save it as UTF-8)" : ""));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new CliFailure(what + " is not UTF-8: invalid byte 0x" + String.format("%02X", bytes[at] & 0xff)
                    + " at byte offset " + at + " (save it as UTF-8)");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String foreignByteOrderMark(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xfe && (b[3] & 0xff) == 0xff
                || b.length >= 4 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe && b[2] == 0 && b[3] == 0) {
            return "UTF-32";
        }
        if (b.length >= 2 && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)) {
            return "UTF-16";
        }
        return null;
    }

    private static boolean looksLikeUtf16(byte[] b) {
        int zeros = 0;
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                zeros++;
            }
        }
        return n >= 4 && zeros * 3 >= n;
    }

    /**
     * The config parsed: exactly one JSON document. A syntax error names its line and column (never the text there: it
     * may be a password); data after the document names its byte offset; a property given twice names the property.
     *
     * @return the document, or the one error that stops it being one
     */
    public static Parsed parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = Json.MAPPER.getFactory().rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                .createParser(bytes)) {
            JsonNode config = Json.MAPPER.readTree(p);
            if (config == null || config.isMissingNode()) {
                return Parsed.error(new ConfigError("$", "a JSON object", "nothing"));
            }
            int rest = firstNonWhitespace(bytes, (int) p.currentLocation().getByteOffset());
            if (rest < bytes.length) {
                return Parsed.error(new ConfigError("$", "one JSON document", "more data after it at byte offset "
                        + rest + " (" + lineAndColumn(bytes, rest) + ")"));
            }
            return new Parsed(config, List.of());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "somewhere" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (message.startsWith("Duplicate field '")) {
                String field = message.substring("Duplicate field '".length(), message.indexOf('\'', "Duplicate field '".length()));
                return Parsed.error(new ConfigError("$", "each property once in an object", "'" + field + "' twice, the "
                        + "second time at " + where));
            }
            return Parsed.error(new ConfigError("$", "a JSON document", "invalid JSON at " + where));
        } catch (IOException e) {
            return Parsed.error(new ConfigError("$", "a JSON document", "unreadable text: " + e.getMessage()));
        }
    }

    private static int firstNonWhitespace(byte[] b, int from) {
        int i = from;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }

    /** "line L, column C" of byte {@code offset} (both from 1, columns in characters). */
    private static String lineAndColumn(byte[] b, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xc0) != 0x80) { // not a UTF-8 continuation byte: a new character
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    /** A parsed config, or the error that stopped it. */
    public record Parsed(JsonNode config, List<ConfigError> errors) {
        static Parsed error(ConfigError e) {
            return new Parsed(null, List.of(e));
        }
    }
}
