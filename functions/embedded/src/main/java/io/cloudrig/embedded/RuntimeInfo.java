package io.cloudrig.embedded;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Objects;
import java.util.Optional;

/**
 * {@code $CLOUDRIG_HOME/runtime.json}: written by the runtime once it is ready, removed when it stops.
 *
 * @param startupMillis how long the runtime took from JVM start to ready
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

    /** The file's content, or empty when absent or unreadable (a half-written file never exists: it is moved in). */
    public static Optional<RuntimeInfo> read(Path home) {
        Path f = home.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode o = Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            return Optional.of(new RuntimeInfo(o.path("pid").asLong(), o.path("dynamodb_endpoint").asText(),
                    o.path("kafka_bootstrap").asText(), Instant.parse(o.path("started_at").asText()),
                    o.path("startup_ms").asLong()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
