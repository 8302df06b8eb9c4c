package io.cloudrig.infra;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DynamoDB Local (the real one from Maven Central) started in this JVM on 127.0.0.1.
 *
 * <p>{@link #inMemory()} is what tests use; {@link #onDisk(Path)} keeps its data in {@code dir/shared-local-instance.db}
 * and is what the embedded CLI runtime uses under {@code CLOUDRIG_HOME}.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;
    private final Path dataDir;

    private DynamoDbLocal(DynamoDBProxyServer server, int port, Path dataDir) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts an in-memory instance on a free loopback port. */
    public static DynamoDbLocal inMemory() {
        return start(null, 0);
    }

    /** Starts an on-disk instance (shared database file) under {@code dataDir} on a free loopback port. */
    public static DynamoDbLocal onDisk(Path dataDir) {
        return start(Objects.requireNonNull(dataDir, "dataDir"), 0);
    }

    /**
     * Starts an instance; {@code dataDir == null} means in memory; {@code port == 0} picks a free port.
     */
    public static DynamoDbLocal start(Path dataDir, int port) {
        int p = port == 0 ? Ports.free() : port;
        List<String> args = new ArrayList<>(List.of("-disableTelemetry", "-port", String.valueOf(p)));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create DynamoDB Local data directory " + dataDir, e);
            }
            args.addAll(List.of("-sharedDb", "-dbPath", dataDir.toAbsolutePath().toString()));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocal(server, p, dataDir);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1:" + p + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint to give {@code DynamoDbClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the data lives, or {@code null} when in memory. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
