package io.cloudrig.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka broker (KRaft, one combined broker + controller node) started in this JVM on 127.0.0.1.
 *
 * <p>The data lives under {@code dataDir}: {@code dataDir/cluster.id} (the cluster id, written on first start),
 * {@code dataDir/server.properties} (the effective configuration, for reference) and {@code dataDir/logs} (the
 * formatted log directory with topics and the metadata log). The log directory is formatted on first use only, so
 * starting again on the same {@code dataDir} keeps the topics, the records and the committed consumer offsets.
 *
 * <p>Single-node settings: replication factor 1 everywhere, {@code group.initial.rebalance.delay.ms=0}, automatic
 * topic creation on, {@code num.partitions} 3 unless set. Sized for a local broker: the log cleaner's dedupe buffer
 * is {@value #DEDUPE_BUFFER_BYTES} bytes (Kafka's default, 128 MiB, was allocated and zeroed on every start and held
 * for the JVM's life), and no metric is registered as a JMX MBean ({@code metrics.jmx.exclude=.*}: registering them
 * was a tenth of a second of every start, and nothing here reads them).
 *
 * <p>Kafka's server code ends the process ({@code Exit.exit}/{@code Exit.halt}) on fatal errors, e.g. when the data
 * directory is locked by another broker. In this JVM that would kill the application, so the first start replaces
 * Kafka's exit and halt procedures (JVM-wide, Kafka code only) with ones that log and throw instead: a failed start
 * surfaces as an {@link IllegalStateException} from {@link #start(Path)}.
 *
 * <p>With {@link Builder#plainUser} every listener, the controller's too, takes only SASL/PLAIN connections of that one
 * user ({@code SASL_PLAINTEXT} on loopback): another local account that reaches the ports can neither read nor write
 * the topics nor speak to the controller. {@link #clientProperties()} are what a client then needs; the password is
 * in no file this class writes and in no log.
 *
 * <p>The data directory and the log directory are made 0700 and what is in them private on every start
 * ({@link PrivateFiles}): the topics hold the deployments' events.
 *
 * <p>Only one broker may use a {@code dataDir} at a time: {@code dataDir/broker.lock} is locked (across processes and
 * within this JVM) before Kafka touches the directory. Kafka's own lock is taken too late for this: a second KRaft
 * controller would already have opened, and could corrupt, the first one's metadata log.
 */
public final class KafkaBroker implements AutoCloseable {
    public static final int DEFAULT_PARTITIONS = 3;
    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String LOG_DIR = "logs";
    static final String LOCK_FILE = "broker.lock";
    /** The log cleaner's dedupe buffer: room for about 150,000 distinct keys per cleaning pass (24 bytes each). */
    static final int DEDUPE_BUFFER_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static boolean exitGuarded;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final int numPartitions;
    private final FileLock lock;
    private final KafkaPlainUser user;
    private volatile boolean stopped;

    private KafkaBroker(KafkaRaftServer server, FileLock lock, Path dataDir, String clusterId, int port, int controllerPort,
                        int numPartitions, KafkaPlainUser user) {
        this.user = user;
        this.server = server;
        this.lock = lock;
        this.dataDir = dataDir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.numPartitions = numPartitions;
    }

    /** Starts a broker on free loopback ports with its data under {@code dataDir}. */
    public static KafkaBroker start(Path dataDir) {
        return builder(dataDir).start();
    }

    /** Starts a broker listening on {@code 127.0.0.1:port} ({@code 0} = a free port) with its data under {@code dataDir}. */
    public static KafkaBroker start(Path dataDir, int port) {
        return builder(dataDir).port(port).start();
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Options beyond the data directory. */
    public static final class Builder {
        private final Path dataDir;
        private int port;
        private int controllerPort;
        private int numPartitions = DEFAULT_PARTITIONS;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private KafkaPlainUser user;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The client (PLAINTEXT) port; {@code 0} (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The KRaft controller port; {@code 0} (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Partitions of automatically created topics and of {@link #createTopics(String...)}; default 3. */
        public Builder numPartitions(int numPartitions) {
            if (numPartitions < 1) {
                throw new IllegalArgumentException("numPartitions must be >= 1: " + numPartitions);
            }
            this.numPartitions = numPartitions;
            return this;
        }

        /**
         * Every listener (clients', controller's) requires SASL/PLAIN as this user, the only one; the broker and its
         * controller use it among themselves too.
         *
         * @throws IllegalArgumentException when the name or password is empty or holds anything but letters, digits,
         *                                  '.', '_', '~' or '-' (they go into a JAAS configuration)
         */
        public Builder plainUser(String username, String password) {
            this.user = new KafkaPlainUser(username, password);
            return this;
        }

        /** Any other broker property; applied last, so it wins over the defaults. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public KafkaBroker start() {
            return KafkaBroker.doStart(this);
        }
    }

    /** Kafka must not end this JVM: its exit/halt calls become exceptions in the calling (Kafka) thread. */
    private static synchronized void guardExit() {
        if (exitGuarded) {
            return;
        }
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        exitGuarded = true;
    }

    private static void refuse(String what, int status, String message) {
        IllegalStateException e = new IllegalStateException("embedded Kafka broker asked to " + what + " the JVM with status "
                + status + (message == null ? "" : ": " + message));
        LOG.error("{} (refused; the broker is failed or stopping)", e.getMessage());
        throw e;
    }

    private static KafkaBroker doStart(Builder b) {
        QuietLogs.warnOnly("kafka", "org.apache.kafka", "state.change.logger");
        guardExit();
        int port = b.port == 0 ? Ports.free() : b.port;
        int controllerPort = b.controllerPort == 0 ? Ports.free() : b.controllerPort;
        if (port == controllerPort) {
            controllerPort = Ports.free();
        }
        Path dataDir = b.dataDir.toAbsolutePath();
        Path logDir = dataDir.resolve(LOG_DIR);
        Properties p = properties(port, controllerPort, logDir, b.numPartitions);
        if (b.user != null) {
            b.user.secure(p, port, controllerPort);
        }
        b.overrides.forEach(p::setProperty);
        FileLock lock = null;
        try {
            PrivateFiles.directory(dataDir);
            PrivateFiles.directory(logDir);
            lock = lock(dataDir);
            String clusterId = clusterId(dataDir, logDir);
            Path config = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                KafkaPlainUser.withoutSecrets(p).store(out, "cloudrig embedded Kafka broker (written on every start; "
                        + "edit the code, not this file)");
            }
            long t0 = System.nanoTime();
            KafkaConfig kafkaConfig = KafkaConfig.fromProps(p);
            format(clusterId, kafkaConfig, logDir);
            long t1 = System.nanoTime();
            KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
            long t2 = System.nanoTime();
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                throw e;
            }
            LOG.debug("broker on 127.0.0.1:{}: config read and log dir checked/formatted in {} ms, server built in {} ms, started in {} ms", port,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            PrivateFiles.tighten(dataDir); // what Kafka wrote under a wider umask; new files follow the process's umask
            return new KafkaBroker(server, lock, dataDir, clusterId, port, controllerPort, b.numPartitions, b.user);
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException("Kafka broker data directory " + dataDir + " is not usable", e);
        } catch (RuntimeException e) {
            release(lock);
            throw new IllegalStateException("Kafka broker did not start on 127.0.0.1:" + port + " (data " + dataDir + "): "
                    + e.getMessage(), e);
        }
    }

    private static FileLock lock(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException inThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Kafka data directory " + dataDir + " is in use by another broker");
        }
        return lock;
    }

    private static void release(FileLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.channel().close(); // releases the lock
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    static Properties properties(int port, int controllerPort, Path logDir, int numPartitions) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", String.valueOf(numPartitions));
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(DEDUPE_BUFFER_BYTES));
        p.setProperty("metrics.jmx.exclude", ".*");
        return p;
    }

    /** The cluster id stored in {@code dataDir/cluster.id}, or the one of an already formatted log dir, or a new one. */
    private static String clusterId(Path dataDir, Path logDir) throws IOException {
        Path file = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = formattedClusterId(logDir);
        if (id == null) {
            id = Uuid.randomUuid().toString();
        }
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private static String formattedClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return p.getProperty("cluster.id");
    }

    /**
     * What {@code kafka-storage.sh format -t id -c config --ignore-formatted} does for this configuration (one KRaft
     * node, static voters, the latest production metadata version), through Kafka's own {@link Formatter}; does
     * nothing when already formatted. Not through {@code StorageTool}: its argument parser, its second reading of the
     * configuration and its class initialisation took about 0.4 s of a new home's first start.
     */
    private static void format(String clusterId, KafkaConfig config, Path logDir) {
        String existing;
        try {
            existing = formattedClusterId(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + logDir.resolve("meta.properties"), e);
        }
        if (existing != null) {
            if (!existing.equals(clusterId)) {
                throw new IllegalStateException("log dir " + logDir + " belongs to cluster " + existing + " but "
                        + CLUSTER_ID_FILE + " says " + clusterId);
            }
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter().setPrintStream(ps).setNodeId(config.nodeId()).setClusterId(clusterId)
                    .setIgnoreFormatted(true).setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir()).addDirectory(logDir.toString()).run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + e.getMessage() + " "
                    + out.toString(StandardCharsets.UTF_8).trim(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int numPartitions() {
        return numPartitions;
    }

    /** Creates the topics that do not exist yet, with {@link #numPartitions()} partitions and replication factor 1. */
    public void createTopics(String... names) {
        createTopics(numPartitions, names);
    }

    /** Creates the topics that do not exist yet, with the given number of partitions and replication factor 1. */
    public void createTopics(int partitions, String... names) {
        if (names.length == 0) {
            return;
        }
        List<NewTopic> topics = Arrays.stream(names).distinct().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
        try (Admin admin = admin()) {
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + Arrays.toString(names), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + Arrays.toString(names), e);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader: a created topic reaches the broker's metadata a moment
     * after the create call returns, and a describe, produce or subscribe before that fails with
     * UnknownTopicOrPartition.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (led) {
                    return;
                }
            } catch (ExecutionException notYet) {
                // UnknownTopicOrPartition until the metadata has it
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topics + " have no leader after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** A new admin client for this broker (with {@link #clientProperties()}); the caller closes it. */
    public Admin admin() {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(config);
    }

    /** Whether clients must authenticate ({@link Builder#plainUser}). */
    public boolean secured() {
        return user != null;
    }

    /**
     * What a Kafka client of this broker sets beside {@code bootstrap.servers}: {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config} (with the password: not for output) when it is
     * {@link #secured()}, else nothing.
     */
    public Map<String, String> clientProperties() {
        return user == null ? Map.of() : user.clientProperties();
    }

    /** A Kafka client's SASL/PLAIN settings (over SASL_PLAINTEXT) for this user. */
    public static Map<String, String> plainClient(String username, String password) {
        return new KafkaPlainUser(username, password).clientProperties();
    }

    /** Begins an orderly shutdown (flushes the logs); see {@link #awaitShutdown()}. */
    public void shutdown() {
        stopped = true;
        server.shutdown();
    }

    public void awaitShutdown() {
        server.awaitShutdown();
    }

    /** {@link #shutdown()} then {@link #awaitShutdown()}; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (!stopped) {
            shutdown();
        }
        try {
            awaitShutdown();
        } finally {
            release(lock);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // best effort after a failed start
        }
    }
}
