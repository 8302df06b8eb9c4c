package io.cloudrig.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code $CLOUDRIG_HOME/runtime.json}: written by the runtime once it is ready, removed when it stops.
 *
 * @param startupMillis how long the runtime took from its process's start to ready
 */
public record RuntimeInfo(long pid, String dynamoDbEndpoint, String kafkaBootstrap, Instant startedAt,
                          long startupMillis) {
    public static final String FILE = "runtime.json";

    public RuntimeInfo {
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("pid", pid);
        o.put("dynamodb_endpoint", dynamoDbEndpoint);
        o.put("kafka_bootstrap", kafkaBootstrap);
        o.put("started_at", startedAt.toString());
        o.put("startup_ms", startupMillis);
        return o;
    }

    public void write(Path home) {
        try {
            Path tmp = Files.createTempFile(home, FILE, ".tmp");
            Files.writeString(tmp, Json.write(toJson()), StandardCharsets.UTF_8);
            Files.move(tmp, home.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(FILE), e);
        }
    }

    /**
     * The file's content, or empty when absent or unreadable (a half-written file never exists: it is moved in). Read
     * without Jackson: a CLI that waits for the runtime it started reads this file first, and loading Jackson for it
     * cost that wait about half a second (500 classes in the launcher's client JVM).
     */
    public static Optional<RuntimeInfo> read(Path home) {
        Path f = home.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Map<String, String> o = flatObject(Files.readString(f, StandardCharsets.UTF_8));
            return Optional.of(new RuntimeInfo(Long.parseLong(o.get("pid")), o.get("dynamodb_endpoint"),
                    o.get("kafka_bootstrap"), Instant.parse(o.get("started_at")), Long.parseLong(o.get("startup_ms"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The members of a JSON object whose values are strings or numbers (what {@link #toJson} writes), strings
     * unescaped, numbers as written; fails on anything else.
     */
    static Map<String, String> flatObject(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] at = {skipSpace(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') {
            at[0]++;
        } else {
            do {
                String key = string(json, at);
                expect(json, at, ':');
                out.put(key, peek(json, at) == '"' ? string(json, at) : number(json, at));
            } while (next(json, at, ',', '}') == ',');
        }
        if (skipSpace(json, at[0]) != json.length()) {
            throw new IllegalArgumentException("runtime.json: text after the object");
        }
        return out;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static char peek(String s, int[] at) {
        at[0] = skipSpace(s, at[0]);
        if (at[0] >= s.length()) {
            throw new IllegalArgumentException("runtime.json: ends early");
        }
        return s.charAt(at[0]);
    }

    private static void expect(String s, int[] at, char c) {
        next(s, at, c, c);
    }

    private static char next(String s, int[] at, char a, char b) {
        char c = peek(s, at);
        if (c != a && c != b) {
            throw new IllegalArgumentException("runtime.json: expected '" + a + "' at " + at[0]);
        }
        at[0]++;
        return c;
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        StringBuilder sb = new StringBuilder();
        for (int i = at[0]; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                at[0] = i + 1;
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(e); // \" \\ \/
                }
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("runtime.json: unterminated string");
    }

    private static String number(String s, int[] at) {
        int start = skipSpace(s, at[0]);
        int i = start;
        while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("runtime.json: expected a string or a number at " + start);
        }
        at[0] = i;
        return s.substring(start, i);
    }

    /** The process is alive and both ports accept connections. */
    public boolean isAnswering() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && answers(URI.create(dynamoDbEndpoint).getHost(), URI.create(dynamoDbEndpoint).getPort())
                && answers(kafkaBootstrap.substring(0, kafkaBootstrap.lastIndexOf(':')),
                Integer.parseInt(kafkaBootstrap.substring(kafkaBootstrap.lastIndexOf(':') + 1)));
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
