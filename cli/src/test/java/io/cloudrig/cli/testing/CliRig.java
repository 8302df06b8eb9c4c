package io.cloudrig.cli.testing;

import io.cloudrig.cli.CliEnv;
import io.cloudrig.cli.Main;
import io.cloudrig.delivery.kafka.KafkaFunctionRunner;
import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.cloudrig.infra.KafkaBroker;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One Kafka broker (with one SASL/PLAIN user, reached through {@code CLOUDRIG_KAFKA_CONFIG}), one store table and one
 * {@link KafkaFunctionRunner} per test JVM (the runner consumes the one topic, so all in-process CLI tests share them),
 * and a way to run {@link Main} in-process in external mode (any {@link ExternalRig} runs through {@link #runWith}, so
 * that {@link #transcript()} holds every invocation).
 */
public final class CliRig implements ExternalRig {
    private static final List<Result> TRANSCRIPT = new ArrayList<>();
    private static CliRig instance;

    /** The password of the rig's broker's one user: never in what the CLI prints, logs or publishes. */
    private static final String KAFKA_PASSWORD = "Cli-Rig-Kafka-Pass-6620";
    private final KafkaBroker broker;
    private final Path kafkaConfig;
    private final DynamoDbDeploymentStore store;
    private final KafkaFunctionRunner runner;

    private CliRig() throws IOException {
        Path dir = Files.createTempDirectory("cloudrig-cli-kafka");
        // a broker that takes one SASL user, as a Kafka service may: the CLI reaches it through kafka.config
        broker = KafkaBroker.builder(dir).plainUser("cli-rig", KAFKA_PASSWORD).start();
        NoSecretLeaks.secret(KAFKA_PASSWORD);
        kafkaConfig = dir.resolve("client.properties");
        Properties client = new Properties();
        client.putAll(broker.clientProperties());
        try (Writer w = Files.newBufferedWriter(kafkaConfig)) {
            client.store(w, "the CLI tests' Kafka client properties (CLOUDRIG_KAFKA_CONFIG)");
        }
        broker.createTopics(DeploymentEvents.TOPIC, DeploymentEvents.DEAD_LETTER_TOPIC);
        store = TestStores.newStore();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(),
                FunctionSettings.builder().instanceId("cli-test").build());
        runner = KafkaFunctionRunner.builder().functions(functions).bootstrapServers(broker.bootstrapServers())
                .clientProperties(KafkaClientProperties.of(broker.clientProperties())).groupId("cli-test-functions")
                .sweepInterval(Duration.ofSeconds(5)).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            broker.close();
        }, "cli-rig-stop"));
        NoSecretLeaks.scanPublished(() -> NoSecretLeaks.publishedRecords(broker));
    }

    public static synchronized CliRig get() {
        if (instance == null) {
            try {
                instance = new CliRig();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    @Override
    public DynamoDbDeploymentStore store() {
        return store;
    }

    public KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> env(Path home) {
        return Map.of(CliEnv.HOME_VARIABLE, home.toString(),
                "CLOUDRIG_DYNAMODB_ENDPOINT", TestStores.dynamoDbLocal().endpoint().toString(),
                "CLOUDRIG_DYNAMODB_TABLE", store.tableName(),
                "CLOUDRIG_SECRETS_KEY_FILE", TestStores.masterKeyFile().toString(),
                "CLOUDRIG_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
                "CLOUDRIG_KAFKA_CONFIG", kafkaConfig.toString());
    }

    /** Every invocation run through this class in this JVM, oldest first (what {@link NoSecretLeaks} scans). */
    public static List<Result> transcript() {
        synchronized (TRANSCRIPT) {
            return List.copyOf(TRANSCRIPT);
        }
    }

    public static Result runWith(CliEnv.Builder env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(env.out(o).err(e).build(), args);
        }
        Result r = new Result(String.join(" ", args), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
        synchronized (TRANSCRIPT) {
            TRANSCRIPT.add(r);
        }
        return r;
    }

    /** Exit status and both streams of one invocation. */
    public static final class Result {
        public final String args;
        public final int code;
        public final String out;
        public final String err;

        Result(String args, int code, String out, String err) {
            this.args = args;
            this.code = code;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "cloudrig " + args + ": exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
