package io.cloudrig.infra;

import com.almworks.sqlite4java.SQLiteConnection;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoader;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteLibraryLoaderUtil;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * DynamoDB Local (the real one from Maven Central) started in this JVM, listening on 127.0.0.1 only.
 *
 * <p>{@link #inMemory()} is what tests use; {@link #onDisk(Path)} keeps its data in {@code dir/shared-local-instance.db}
 * and is what the embedded runtime uses under {@code CLOUDRIG_HOME}, its directory 0700 and its database file 0600.
 * Both are one shared database (DynamoDB Local's {@code -sharedDb}), so the access key a client signs with does not
 * pick a database.
 *
 * <p>DynamoDB Local's own launcher ({@code ServerRunner}) listens on every interface and accepts any credentials. So
 * this class assembles the same pieces (its request handler behind a Jetty server) with a connector bound to 127.0.0.1,
 * and, when {@link Builder#credentials} are given, a {@link SigV4Check} in front that lets through only requests
 * signed with that access key and secret (what the embedded runtime does with the credentials it generates).
 *
 * <p>SQLite keeps the bytes of deleted rows in the file (free pages, free space in pages) until they are reused. An
 * on-disk instance therefore vacuums its database (SQLite rebuilds the file from the live rows only) before it starts
 * and after it stops, so what was deleted leaves the file at the latest at the next clean stop or start.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private static final String NATIVE_RESOURCES = "com/amazonaws/services/dynamodbv2/local/shared/access/sqlite/native/";
    /** The database file DynamoDB Local keeps with a shared database. */
    public static final String DATABASE_FILE = "shared-local-instance.db";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocal.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final LocalDynamoDBServerHandler dynamo;
    private final int port;
    private final Path dataDir;

    private DynamoDbLocal(Server server, LocalDynamoDBServerHandler dynamo, int port, Path dataDir) {
        this.server = server;
        this.dynamo = dynamo;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts an in-memory instance on a free loopback port. */
    public static DynamoDbLocal inMemory() {
        return builder().start();
    }

    /** Starts an on-disk instance (shared database file) under {@code dataDir} on a free loopback port. */
    public static DynamoDbLocal onDisk(Path dataDir) {
        return builder().dataDir(Objects.requireNonNull(dataDir, "dataDir")).start();
    }

    /**
     * Starts an instance; {@code dataDir == null} means in memory; {@code port == 0} picks a free port.
     */
    public static DynamoDbLocal start(Path dataDir, int port) {
        return builder().dataDir(dataDir).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where and how it runs: in memory on a free port, accepting any credentials, unless told otherwise. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private String accessKeyId;
        private String secretAccessKey;

        private Builder() {
        }

        /** Keep the data in {@code dir/}{@value #DATABASE_FILE} (null: in memory). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The loopback port; {@code 0} (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Accept only requests signed (SigV4) with this access key id and secret access key. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            return this;
        }

        public DynamoDbLocal start() {
            return DynamoDbLocal.doStart(this);
        }
    }

    private static DynamoDbLocal doStart(Builder b) {
        int p = b.port == 0 ? Ports.free() : b.port;
        Path dir = b.dataDir == null ? null : b.dataDir.toAbsolutePath();
        if (dir != null) {
            PrivateFiles.directory(dir);
            nativeLibrary(dir);
            privateDatabaseFile(dir.resolve(DATABASE_FILE));
            vacuum(dir.resolve(DATABASE_FILE));
        }
        Server jetty = new Server();
        LocalDynamoDBServerHandler dynamo = null;
        try {
            // what ServerRunner.createServer builds: the request handler (port unused, in memory or a path, a shared
            // database, no delayed statuses) behind the server handler (no CORS), in one root context
            dynamo = new LocalDynamoDBServerHandler(
                    new LocalDynamoDBRequestHandler(0, dir == null, dir == null ? null : dir.toString(), true, false), null);
            ContextHandler context = new ContextHandler();
            context.setHandler(dynamo);
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            contexts.addHandler(context);
            Handler root = b.accessKeyId == null ? contexts : new SigV4Check(b.accessKeyId, b.secretAccessKey, contexts);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(LOOPBACK);
            connector.setPort(p);
            jetty.addConnector(connector);
            jetty.setHandler(root);
            jetty.start();
            if (dir != null) {
                PrivateFiles.tighten(dir);
            }
            return new DynamoDbLocal(jetty, dynamo, p, dir);
        } catch (Exception e) {
            try {
                jetty.stop();
                if (dynamo != null) {
                    dynamo.close();
                }
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException("DynamoDB Local did not start on " + LOOPBACK + ":" + p
                    + (dir == null ? "" : " (data " + dir + ")") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points DynamoDB Local at sqlite4java's native library in {@code dir}, the data directory ({@code org.sqlite.lib.path};
     * made private with the rest of it), copying it there from DynamoDB Local's jar when it is not there yet (or has
     * another size). Otherwise every start writes the
     * library to a new temporary file and compares it byte by byte with the jar's (DynamoDB Local's
     * {@code SQLiteLibraryLoader}): 50-80 ms of a start. Nothing is set when the JVM already names a library, or when
     * the jar has none for this platform (DynamoDB Local then looks for one itself and says what it found).
     */
    static void nativeLibrary(Path dir) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            String name = SQLiteLibraryLoaderUtil.getNativeLibName();
            URL resource = DynamoDbLocal.class.getClassLoader().getResource(NATIVE_RESOURCES
                    + SQLiteLibraryLoaderUtil.getNativeLibFolderPathForCurrentOS() + "/" + name);
            if (resource == null) {
                return;
            }
            URLConnection c = resource.openConnection();
            c.setUseCaches(false);
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib) || Files.size(lib) != c.getContentLengthLong()) {
                PrivateFiles.directory(dir);
                Path tmp = dir.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
                try (InputStream in = c.getInputStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                c.getInputStream().close();
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            LOG.debug("sqlite4java's library stays where DynamoDB Local puts it: {}", e.toString());
        }
    }

    /**
     * Creates the database file empty (SQLite takes an empty file as an empty database) with mode 0600 before DynamoDB
     * Local opens it, or makes an existing one 0600. SQLite gives its journal files the database file's mode.
     */
    private static void privateDatabaseFile(Path file) {
        try {
            if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) == null) {
                return;
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            PrivateFiles.tighten(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create DynamoDB Local's database file " + file, e);
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint to give {@code DynamoDbClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return endpointAt(port);
    }

    /** The endpoint of a DynamoDB Local started on {@code port} (a client can be built before it listens). */
    public static URI endpointAt(int port) {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    /** Where the data lives, or {@code null} when in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server, then closes the database (as DynamoDB Local's own server does), then vacuums it. */
    @Override
    public void close() {
        try {
            server.stop();
            dynamo.close();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
        if (dataDir != null) {
            vacuum(dataDir.resolve(DATABASE_FILE));
        }
    }

    /**
     * Rebuilds {@code db} from its live rows (SQLite's {@code VACUUM}), so nothing of deleted rows stays in it. Only
     * while no DynamoDB Local has it open. A failure is logged, not thrown: the data is intact either way.
     */
    static void vacuum(Path db) {
        try {
            if (!Files.isRegularFile(db) || Files.size(db) == 0) {
                return;
            }
            SQLiteLibraryLoader.initialize(); // DynamoDB Local's copy of the native library, loaded once per JVM
            SQLiteConnection c = new SQLiteConnection(db.toFile());
            try {
                c.open(false);
                c.exec("VACUUM");
            } finally {
                c.dispose();
            }
        } catch (Exception e) {
            LOG.warn("could not vacuum {} (deleted rows may stay in the file until reused): {}", db, e.toString());
        }
    }
}
