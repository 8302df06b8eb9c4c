package io.cloudrig.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cloudrig.model.Json;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An observer on the deployments topic, as a pipeline would be: notes when each deployment's outcome event
 * ({@code finished} or {@code failed}) is first seen. Reads from the topic's end at start-up.
 */
final class OutcomeWatcher implements AutoCloseable {
    private static final String FINISHED = EventType.DEPLOYMENT_FINISHED.type();
    private static final String FAILED = EventType.DEPLOYMENT_FAILED.type();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private final Object lock = new Object();
    /** The deployments {@link #awaitFinished} still waits for; null while none waits. Guarded by {@link #lock}. */
    private Set<String> awaited;

    OutcomeWatcher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(DeploymentEvents.TOPIC).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before anything is published
        thread = new Thread(this::loop, "bench-outcome-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                String type = typeOf(r.value());
                String id = r.key(); // the publisher keys each event by its subject, the deployment id
                if (FINISHED.equals(type)) {
                    if (finishedAt.putIfAbsent(id, now) == null) {
                        seen(id, false);
                    }
                } else if (FAILED.equals(type)) {
                    failed.add(id);
                    seen(id, true);
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /**
     * The event's {@code type}, read from the top of its JSON and no further: this runs on the measured machine, so it
     * leaves the event's data unparsed (null when the record is not a structured event).
     */
    static String typeOf(byte[] event) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(event)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Wakes {@link #awaitFinished} when the last deployment it waits for finished, or one of them failed. */
    private void seen(String id, boolean failure) {
        synchronized (lock) {
            if (awaited != null && (failure ? awaited.contains(id) : awaited.remove(id) && awaited.isEmpty())) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until every one of {@code ids} finished; returns when each was first seen (System.nanoTime). The waiting
     * thread sleeps until the watcher wakes it: this runs on the measured machine, so it must not poll.
     *
     * @throws IllegalStateException when one failed or the time ran out
     */
    Map<String, Long> awaitFinished(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            awaited = new HashSet<>(ids);
            try {
                while (true) {
                    awaited.removeIf(finishedAt::containsKey);
                    long done = ids.size() - awaited.size();
                    List<String> bad = awaited.stream().filter(failed::contains).limit(3).collect(Collectors.toList());
                    if (!bad.isEmpty()) {
                        throw new IllegalStateException("deployments failed, e.g. " + bad + " (" + done + " of "
                                + ids.size() + " finished)");
                    }
                    if (awaited.isEmpty()) {
                        Map<String, Long> out = new HashMap<>();
                        ids.forEach(id -> out.put(id, finishedAt.get(id)));
                        return out;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("only " + done + " of " + ids.size()
                                + " deployments finished within " + timeout.toSeconds() + " s");
                    }
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1_000)));
                }
            } finally {
                awaited = null;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
