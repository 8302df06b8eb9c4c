package io.cloudrig.embedded;

import io.cloudrig.aws.KeyFiles;
import io.cloudrig.delivery.kafka.KafkaClientProperties;
import io.cloudrig.infra.KafkaBroker;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one Kafka user of the embedded runtime's broker, which takes no other connection (SASL/PLAIN on loopback, on its
 * clients' and its controller's listener): generated once per home into {@code $CLOUDRIG_HOME/keys/local-kafka.properties}
 * (0600), written as a Kafka client configuration file, so that a local pipeline of the same user can hand it to any
 * Kafka tool ({@code kafka-console-producer.sh --producer.config}). The runtime, the command channel and the CLI read it
 * from there; another local account reads nothing of the home and so cannot reach the topics.
 */
public final class LocalKafkaUser {
    static final String FILE = "local-kafka.properties";
    static final String USERNAME = "cloudrig";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int PASSWORD_LENGTH = 40;
    private static final Pattern JAAS = Pattern.compile("username=\"([A-Za-z0-9._~-]+)\"\\s+password=\"([A-Za-z0-9._~-]+)\"");

    private final String username;
    private final String password;

    private LocalKafkaUser(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** The file under {@code home}. */
    public static Path fileIn(Path home) {
        return home.resolve(KeyFiles.DIRECTORY).resolve(FILE);
    }

    /** The home's user, generated on first use (by the runtime's start). */
    public static LocalKafkaUser inHome(Path home) {
        Path file = fileIn(home);
        try {
            KeyFiles.createOnce(file, format(USERNAME, KeyFiles.random(ALPHABET, PASSWORD_LENGTH)));
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a client of the home's running runtime sets beside its bootstrap address: the home's user, or nothing when
     * the home has no such file (a runtime of a build from before it, whose broker takes anyone on loopback).
     *
     * @throws UncheckedIOException when the file exists but cannot be read or is not one this class wrote
     */
    public static KafkaClientProperties clientOf(Path home) {
        Path file = fileIn(home);
        if (!Files.exists(file)) {
            return KafkaClientProperties.NONE;
        }
        try {
            return read(file).clientProperties();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Secures {@code broker} with this user. */
    public KafkaBroker.Builder secure(KafkaBroker.Builder broker) {
        return broker.plainUser(username, password);
    }

    /** The client settings of this user (the password inside: for Kafka's clients, never for output). */
    public KafkaClientProperties clientProperties() {
        return KafkaClientProperties.of(KafkaBroker.plainClient(username, password));
    }

    public String username() {
        return username;
    }

    @Override
    public String toString() {
        return "LocalKafkaUser{" + username + ", password=***}";
    }

    private static String format(String username, String password) {
        StringBuilder sb = new StringBuilder("# cloudrig embedded runtime: the only Kafka user its broker accepts (generated; "
                + "keep it 0600).\n# A Kafka client configuration: kafka-console-producer.sh --producer.config <this file>\n");
        KafkaBroker.plainClient(username, password).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return sb.toString();
    }

    private static LocalKafkaUser read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file)));
        Optional<Matcher> m = Optional.ofNullable(p.getProperty("sasl.jaas.config")).map(JAAS::matcher).filter(Matcher::find);
        if (m.isEmpty() || !"PLAIN".equals(p.getProperty("sasl.mechanism", "").trim())) {
            throw new IOException("expected sasl.mechanism=PLAIN and a sasl.jaas.config with username=\"...\" "
                    + "password=\"...\" but found " + (m.isEmpty() ? "no such sasl.jaas.config" : "sasl.mechanism="
                    + p.getProperty("sasl.mechanism")) + " (delete the file and restart the runtime for a new user)");
        }
        return new LocalKafkaUser(m.get().group(1), m.get().group(2));
    }
}
