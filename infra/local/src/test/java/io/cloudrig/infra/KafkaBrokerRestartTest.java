package io.cloudrig.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerRestartTest {

    @Test
    void restartOnTheSameDataDirKeepsTopicsRecordsAndCommittedOffsets(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        String clusterId;
        try (KafkaBroker broker = KafkaBroker.builder(data).numPartitions(2).start()) {
            clusterId = broker.clusterId();
            broker.createTopics("events");
            try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
                for (int i = 0; i < 6; i++) {
                    producer.send(new ProducerRecord<>("events", "k", "v" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, "g1")) {
                consumer.subscribe(List.of("events"));
                Clients.pollUntil(consumer, 6, Duration.ofSeconds(30));
                consumer.commitSync();
            }
        }

        long t0 = System.nanoTime();
        int fixedPort = Ports.free();
        try (KafkaBroker broker = KafkaBroker.builder(data).port(fixedPort).numPartitions(2).start()) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + fixedPort);
            System.out.printf("KafkaBroker restarted on existing data in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            try (Admin admin = broker.admin()) {
                assertThat(admin.listTopics().names().get()).contains("events");
                assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions()).hasSize(2);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("g1").partitionsToOffsetAndMetadata().get();
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(6);
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, "fresh-group")) {
                consumer.subscribe(List.of("events"));
                List<ConsumerRecord<String, String>> records = Clients.pollUntil(consumer, 6, Duration.ofSeconds(30));
                assertThat(records).extracting(ConsumerRecord::value).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
            }
        }
    }

    @Test
    void aSecondBrokerOnADataDirInUseFailsWithoutHarmingTheFirst(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        try (KafkaBroker first = KafkaBroker.start(data)) {
            assertThatThrownBy(() -> KafkaBroker.start(data)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start").hasMessageContaining("in use by another broker");
            first.createTopics("still-alive");
            try (Admin admin = first.admin()) {
                assertThat(admin.listTopics().names().get()).contains("still-alive");
            }
        }
    }
}
