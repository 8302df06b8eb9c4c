package io.cloudrig.embedded;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.aws.LocalCredentials;
import io.cloudrig.delivery.Sweeper;
import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.infra.Ports;
import io.cloudrig.infra.PrivateFiles;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.MasterKey;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import io.cloudrig.delivery.kafka.KafkaPublisher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded runtime assembles three things in one JVM: DynamoDB Local on disk ({@code home/dynamodb}), a Kafka
 * KRaft broker on disk ({@code home/kafka}) and a {@link KafkaFunctionRunner} (the delivery module's Kafka consumer
 * loop) running the deployment functions against them: the same service, delivery policy and event contracts as the
 * Quarkus app on Kafka.
 *
 * <p>It keeps its home private and its secrets sealed: the process's umask becomes 077 and the home and everything
 * already in it (a lock or log another process created) are made 0700/0600; the store seals every deployment's
 * secrets under the home's master key ({@code home/keys/master.key}, made on first start); DynamoDB Local listens on
 * 127.0.0.1 and accepts only the home's generated credentials ({@code home/keys/local-aws.credentials}, which also
 * names the endpoint, so the CLI of this home signs with them); the broker takes only its one SASL/PLAIN user
 * ({@link LocalKafkaUser}, {@code home/keys/local-kafka.properties}). docs/design/secrets.md says what this protects
 * against.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final DynamoDbLocal ddb;
    private final KafkaBroker broker;
    private final DynamoDbClient client;
    private final KafkaFunctionRunner runner;
    private final DynamoDbDeploymentStore store;
    private final KafkaClientProperties kafkaClient;
    private final KafkaPublisher schedulePublisher;
    private final ScheduleRunner schedules;
    private Optional<StartupCacheMaker> startupCache = Optional.empty();

    private LocalRuntime(DynamoDbLocal ddb, KafkaBroker broker, KafkaClientProperties kafkaClient, DynamoDbClient client,
                         KafkaFunctionRunner runner, DynamoDbDeploymentStore store, KafkaPublisher schedulePublisher,
                         ScheduleRunner schedules) {
        this.ddb = ddb;
        this.broker = broker;
        this.kafkaClient = kafkaClient;
        this.client = client;
        this.runner = runner;
        this.store = store;
        this.schedulePublisher = schedulePublisher;
        this.schedules = schedules;
    }

    /**
     * How the runtime runs: its schedules file (default {@code home/schedules.json} when it exists), the sweep interval
     * (default the sweeper's), and the clock the schedules follow.
     */
    public record Options(Optional<Path> schedulesFile, Duration sweepInterval, Clock clock) {
        public static Options defaults() {
            return new Options(Optional.empty(), Sweeper.defaultInterval(), Clock.systemUTC());
        }

        public Options withSchedules(Path file) {
            return new Options(Optional.of(file), sweepInterval, clock);
        }

        public Options withSweepInterval(Duration every) {
            return new Options(schedulesFile, every, clock);
        }
    }

    /** Starts everything under {@code home}; on failure, stops what already started. */
    public static LocalRuntime start(Path home) {
        return start(home, Options.defaults());
    }

    /**
     * Starts everything under {@code home} as {@code options} say; on failure, stops what already started. A schedules
     * file with a mistake fails the start before anything runs ({@link Schedules.ScheduleFileException}, naming each
     * entry and field).
     */
    public static LocalRuntime start(Path home, Options options) {
        DynamoDbLocal ddb = null;
        CompletableFuture<DynamoDbLocal> ddbStart = null;
        KafkaBroker broker = null;
        DynamoDbClient client = null;
        KafkaFunctionRunner runner = null;
        KafkaPublisher publisher = null;
        StartupTimeline timeline = new StartupTimeline();
        timeline.mark("entered");
        privateHome(home);
        // the broker starts on a thread of its own while DynamoDB Local, the table and the plugins come up here: the two
        // are independent, and each takes seconds
        CompletableFuture<KafkaBroker> brokerStart = CompletableFuture.supplyAsync(() -> startBroker(home, timeline),
                runnable -> daemon(runnable, "cloudrig-broker-start").start());
        try {
            PluginRegistry registry = PluginRegistry.load();
            timeline.mark("plugins");
            Optional<Path> schedulesFile = Schedules.file(home, options.schedulesFile());
            List<Schedules.Schedule> planned = schedulesFile.map(f -> Schedules.load(f, registry)).orElse(List.of());
            MasterKey masterKey = MasterKey.inHome(home);
            LocalCredentials credentials = LocalCredentials.inHome(home);
            timeline.mark("keys");
            // DynamoDB Local starts on a thread of its own on a port chosen here, while this one builds its client: each
            // is a few hundred milliseconds of first-time code, and neither needs the other until the first request
            int ddbPort = Ports.free();
            ddbStart = CompletableFuture.supplyAsync(() -> startDynamoDb(home, ddbPort, credentials, timeline),
                    runnable -> daemon(runnable, "cloudrig-dynamodb-start").start());
            client = AwsClients.configure(DynamoDbClient.builder(), AwsEndpoint.at(DynamoDbLocal.endpointAt(ddbPort)))
                    .credentialsProvider(credentials.provider()).build();
            timeline.mark("client");
            ddb = join(ddbStart);
            LocalCredentials served = credentials.servedAt(home, ddb.endpoint());
            LOG.info("DynamoDB Local on {} (data in {}, {} only)", ddb.endpoint(), ddb.dataDir(), served);
            DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(client)
                    .tableName(DynamoDbDeploymentStore.DEFAULT_TABLE).createTableIfMissing(true).secrets(masterKey).build();
            timeline.mark("table");
            LOG.info("secrets sealed under the {}", masterKey.describe());
            broker = join(brokerStart);
            timeline.mark("broker joined");
            LOG.info("Kafka broker on {} (data in {})", broker.bootstrapServers(), broker.dataDir());
            LOG.info("engines {}; providers {}", registry.engineNames(), registry.providerNames());
            DeploymentOrchestrator functions = new DeploymentOrchestrator(store, registry,
                    FunctionSettings.builder().instanceId("local-" + ProcessHandle.current().pid()).build());
            KafkaClientProperties kafkaClient = KafkaClientProperties.of(broker.clientProperties());
            runner = KafkaFunctionRunner.builder().functions(functions).sweepInterval(options.sweepInterval())
                    .bootstrapServers(broker.bootstrapServers()).clientProperties(kafkaClient).build().start();
            timeline.mark("runner");
            ScheduleRunner schedules = null;
            if (!planned.isEmpty()) {
                publisher = new KafkaPublisher(KafkaPublisher.Settings.of(broker.bootstrapServers(), "cloudrig-schedules")
                        .withClientProperties(kafkaClient));
                schedules = ScheduleRunner.start(planned, publisher, masterKey, options.clock());
                LOG.info("{} schedule(s) from {}: {}", planned.size(), schedulesFile.get(), planned);
            }
            PrivateFiles.tighten(home);
            timeline.mark("started");
            LOG.info("started (ms since the process started): {}", timeline.describe());
            LocalRuntime runtime = new LocalRuntime(ddb, broker, kafkaClient, client, runner, store, publisher, schedules);
            runtime.startupCache = StartupCacheMaker.forThisRuntime();
            return runtime;
        } catch (RuntimeException e) {
            closeQuietly(publisher);
            closeQuietly(runner);
            closeQuietly(client);
            closeQuietly(broker != null ? broker : startedOrNull(brokerStart));
            closeQuietly(ddb != null ? ddb : startedOrNull(ddbStart));
            throw e;
        }
    }

    private static DynamoDbLocal startDynamoDb(Path home, int port, LocalCredentials credentials, StartupTimeline timeline) {
        DynamoDbLocal ddb = DynamoDbLocal.builder().dataDir(home.resolve("dynamodb")).port(port)
                .credentials(credentials.accessKeyId(), credentials.secretAccessKey()).start();
        timeline.mark("dynamodb");
        return ddb;
    }

    private static KafkaBroker startBroker(Path home, StartupTimeline timeline) {
        KafkaBroker broker = LocalKafkaUser.inHome(home).secure(KafkaBroker.builder(home.resolve("kafka"))).start();
        timeline.mark("broker");
        try {
            broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
            timeline.mark("topics");
            return broker;
        } catch (RuntimeException e) {
            closeQuietly(broker);
            throw e;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * What {@code start} started, once it has, so that nothing is left running after a failed start; null when it was
     * never begun or failed itself.
     */
    private static <T> T startedOrNull(CompletableFuture<T> start) {
        if (start == null) {
            return null;
        }
        try {
            return join(start);
        } catch (RuntimeException failed) {
            return null;
        }
    }

    /** The component once started, or its start's own exception. */
    private static <T> T join(CompletableFuture<T> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * This process creates only private files from now on (umask 077: the runtime is a process of its own), and the
     * home and what is already in it become private (0700/0600).
     */
    private static void privateHome(Path home) {
        if (PrivateFiles.restrictUmask() >= 0) {
            LOG.debug("umask 077: files the runtime creates are its user's only");
        }
        PrivateFiles.directory(home);
        PrivateFiles.tighten(home);
    }

    public String dynamoDbEndpoint() {
        return ddb.endpoint().toString();
    }

    public String kafkaBootstrap() {
        return broker.bootstrapServers();
    }

    /** What a Kafka client of the runtime's broker sets beside {@link #kafkaBootstrap()}: its one user ({@link LocalKafkaUser}). */
    public KafkaClientProperties kafkaClient() {
        return kafkaClient;
    }

    /** The store the functions use. */
    public DynamoDbDeploymentStore store() {
        return store;
    }


    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /**
     * Stops the making of a start-up cache, the schedules and the runner first (no new work), then the broker, then
     * DynamoDB Local.
     */
    @Override
    public void close() {
        startupCache.ifPresent(LocalRuntime::closeQuietly);
        closeQuietly(schedules);
        closeQuietly(schedulePublisher);
        closeQuietly(runner);
        closeQuietly(client);
        closeQuietly(broker);
        closeQuietly(ddb);
    }
}
