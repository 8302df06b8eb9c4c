package io.cloudrig.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One real broker for the whole class (starting one takes seconds). */
class KafkaBrokerTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        broker = KafkaBroker.start(dir.resolve("kafka"));
        System.out.printf("KafkaBroker started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stopBroker() {
        long t0 = System.nanoTime();
        broker.close();
        System.out.printf("KafkaBroker stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void listensOnLoopbackAndWritesItsLayoutUnderTheDataDir() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.dataDir().resolve(KafkaBroker.CLUSTER_ID_FILE)).content().contains(broker.clusterId());
        assertThat(Files.exists(broker.dataDir().resolve("logs/meta.properties"))).isTrue();
    }

    @Test
    void keyedRecordsRoundTripInOrderPerKey() throws Exception {
        broker.createTopics("deployments");
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            for (int i = 0; i < 20; i++) {
                String key = "dep-" + (i % 4);
                producer.send(new ProducerRecord<>("deployments", key, key + ":" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, "round-trip")) {
            consumer.subscribe(List.of("deployments"));
            List<ConsumerRecord<String, String>> records = Clients.pollUntil(consumer, 20, Duration.ofSeconds(30));
            Map<String, List<ConsumerRecord<String, String>>> byKey =
                    records.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
            assertThat(byKey).hasSize(4);
            byKey.forEach((key, list) -> {
                assertThat(list).extracting(ConsumerRecord::partition).as("one partition per key").containsOnly(list.get(0).partition());
                List<Integer> seq = list.stream().map(r -> Integer.parseInt(r.value().substring(r.value().indexOf(':') + 1))).toList();
                assertThat(seq).as("order within key " + key).isSorted().hasSize(5);
            });
        }
    }

    @Test
    void createTopicsIsIdempotentAndUsesTheConfiguredPartitions() throws Exception {
        broker.createTopics("servers", "servers");
        broker.createTopics("servers", "networks");
        try (Admin admin = broker.admin()) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of("servers", "networks")).allTopicNames().get();
            assertThat(d.values()).allSatisfy(t -> {
                assertThat(t.partitions()).hasSize(KafkaBroker.DEFAULT_PARTITIONS);
                assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            });
        }
    }

    @Test
    void producingToAnUnknownTopicCreatesIt() throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get();
        }
        try (Admin admin = broker.admin()) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("auto-created");
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get().get("auto-created").partitions())
                    .hasSize(KafkaBroker.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void isSizedForALocalBrokerWithASmallCleanerBufferAndNoMetricMBeans() throws Exception {
        try (Admin admin = broker.admin()) {
            ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(node)).all().get().get(node);
            assertThat(config.get("log.cleaner.dedupe.buffer.size").value())
                    .isEqualTo(String.valueOf(KafkaBroker.DEDUPE_BUFFER_BYTES));
        }
        // the broker's metrics (Kafka's and Yammer's) are not registered; what Kafka registers whatever the settings
        // (its log4j controller, the app-info of the node and of clients) is all that is left
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(null, null);
        assertThat(names).filteredOn(n -> n.getDomain().startsWith("kafka"))
                .extracting(ObjectName::getCanonicalName)
                .allSatisfy(n -> assertThat(n).matches("kafka:type=kafka\\.Log4jController|.*type=app-info.*"));
    }
}
