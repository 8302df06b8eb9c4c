package io.cloudrig.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker with one SASL/PLAIN user ({@link KafkaBroker.Builder#plainUser}): that user works on the clients' listener
 * and on the controller's; a wrong password is refused at authentication and a client without SASL gets nothing, on
 * either listener; no file under the data directory holds the password.
 */
class KafkaBrokerSaslTest {
    private static final String USER = "cloudrig";
    private static final String PASSWORD = "Broker-Sasl-Pass-7731";
    private static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("cloudrig-broker-sasl");
        broker = KafkaBroker.builder(dir).plainUser(USER, PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theUser_createsTopicsProducesAndConsumes() throws Exception {
        broker.createTopics("sasl-events");
        try (KafkaProducer<String, String> producer = Clients.producer(broker);
             KafkaConsumer<String, String> consumer = Clients.consumer(broker, "sasl-group")) {
            producer.send(new ProducerRecord<>("sasl-events", "k", "v")).get(30, TimeUnit.SECONDS);
            consumer.subscribe(List.of("sasl-events"));

            assertThat(Clients.pollUntil(consumer, 1, Duration.ofSeconds(30))).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("v"));
        }
        assertThat(broker.secured()).isTrue();
        assertThat(broker.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void theControllerListener_takesTheUserOnly() throws Exception {
        String controller = "127.0.0.1:" + broker.controllerPort();
        try (Admin admin = admin(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller, broker.clientProperties())) {
            assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(broker.clusterId());
        }
        try (Admin admin = admin(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller, Map.of())) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aWrongPassword_isRefusedAtAuthentication_onBothListeners() {
        Map<String, String> wrong = KafkaBroker.plainClient(USER, "Wrong-Pass-0042");
        for (String[] where : new String[][] {{AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()},
                {AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + broker.controllerPort()}}) {
            try (Admin admin = admin(where[0], where[1], wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).as(where[0])
                        .hasCauseInstanceOf(SaslAuthenticationException.class)
                        .satisfies(e -> assertThat(e.toString()).doesNotContain("Wrong-Pass-0042").doesNotContain(PASSWORD));
            }
        }
    }

    @Test
    void aClientWithoutSasl_getsNoMetadata() {
        try (Admin admin = admin(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), Map.of())) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void noFileUnderTheDataDir_holdsThePassword() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertThat(files).contains(dir.resolve("server.properties"));
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as("%s", dir.relativize(f))
                    .doesNotContain(PASSWORD);
        }
        assertThat(Files.readString(dir.resolve("server.properties")))
                .contains("listener.name.client.plain.sasl.jaas.config=(set in memory at start; not written)");
    }

    @Test
    void plainUser_refusesWhatWouldBreakTheJaasConfiguration_withoutEchoingAPassword() {
        String breaking = "pa\"ss; user_x=\"y";
        assertThatThrownBy(() -> KafkaBroker.builder(dir).plainUser(USER, breaking))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka PLAIN password: expected letters, digits, '.', '_', '~' or '-' (it goes into a JAAS "
                        + "configuration), got a value of " + breaking.length() + " characters");
        assertThatThrownBy(() -> KafkaBroker.builder(dir).plainUser("a b", PASSWORD))
                .hasMessageContaining("Kafka PLAIN username").hasMessageContaining("got 'a b'");
    }

    @Test
    void aDataDirServedWithoutSasl_keepsItsTopicsAndRecords_whenRestartedWithTheUser() throws Exception {
        Path upgraded = Files.createTempDirectory("cloudrig-broker-sasl-upgrade");
        try (KafkaBroker plain = KafkaBroker.builder(upgraded).start();
             KafkaProducer<String, String> producer = Clients.producer(plain)) {
            plain.createTopics("kept-events");
            producer.send(new ProducerRecord<>("kept-events", "k", "before")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaBroker secured = KafkaBroker.builder(upgraded).plainUser(USER, PASSWORD).start();
             KafkaConsumer<String, String> consumer = Clients.consumer(secured, "upgrade-group")) {
            consumer.subscribe(List.of("kept-events"));

            assertThat(Clients.pollUntil(consumer, 1, Duration.ofSeconds(30))).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("before"));
        }
    }

    /** An admin client with short timeouts: a refused one fails within seconds. */
    private static Admin admin(String bootstrapKey, String address, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(bootstrapKey, address);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        return Admin.create(config);
    }
}
