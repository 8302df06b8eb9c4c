package io.cloudrig.delivery.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;

/**
 * The records of one key waiting for their turn in a {@link KeyedConsumer}; scheduled while a worker drains it. Its
 * fields are guarded by the consumer's lock.
 */
final class Lane {
    final String key;
    final ArrayDeque<Item> queue = new ArrayDeque<>();
    boolean scheduled;

    Lane(String key) {
        this.key = key;
    }

    /** One record taken in, with the partition it came from and that partition's standing when it was taken. */
    record Item(ConsumerRecord<String, byte[]> record, TopicPartition partition, PartitionStanding owner) {
    }
}
