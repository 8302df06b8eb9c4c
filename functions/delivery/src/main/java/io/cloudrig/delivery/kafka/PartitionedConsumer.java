package io.cloudrig.delivery.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Kafka consumer that hands each partition's records, in order, to a handler on a small worker pool, and commits an
 * offset only once the handler is done with the record: at least once.
 *
 * <p>A partition's batch goes to a worker and the partition is paused until the batch is done, so records of one
 * partition are handled one at a time, in order, while other partitions proceed. Offsets are committed by the poll
 * thread only (the consumer is single-threaded). A record the handler is not done with (it returned false) ends its
 * batch; the poll thread seeks the partition back to it before resuming, so it comes again.
 */
final class PartitionedConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedConsumer.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    private final String topic;
    private final Predicate<ConsumerRecord<String, byte[]>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService workers;
    private final Map<TopicPartition, Long> doneOffsets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> redeliverFrom = new ConcurrentHashMap<>();
    private final Thread pollThread;
    private volatile boolean running = true;

    /**
     * @param config  the consumer's configuration (auto commit must be off)
     * @param handler handles one record; true when done with it, false when it must come again
     */
    PartitionedConsumer(Properties config, String topic, int workers, Predicate<ConsumerRecord<String, byte[]>> handler) {
        this.topic = topic;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> daemon(r, "cloudrig-fn-" + n.incrementAndGet()));
        this.pollThread = daemon(this::pollLoop, "cloudrig-runner");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        pollThread.start();
    }

    // ------------------------------------------------------------------ poll thread

    private void pollLoop() {
        Map<TopicPartition, Future<?>> inFlight = new HashMap<>();
        Map<TopicPartition, Long> committed = new HashMap<>();
        KafkaConsumer<String, byte[]> c = consumer;
        c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    Future<?> f = inFlight.remove(tp);
                    if (f != null) {
                        awaitQuietly(f, Duration.ofSeconds(30));
                    }
                }
                commitDone(c, committed);
                // no longer ours: a later commit of them would move the new owner's position
                partitions.forEach(tp -> {
                    committed.remove(tp);
                    doneOffsets.remove(tp);
                    redeliverFrom.remove(tp);
                });
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // nothing: committed offsets are where we resume
            }
        });
        try {
            while (running) {
                try {
                    // while a batch runs, come back soon to resume its partition when it ends
                    ConsumerRecords<String, byte[]> records = c.poll(inFlight.isEmpty() ? IDLE_POLL : BUSY_POLL);
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> batch = records.records(tp);
                        c.pause(List.of(tp));
                        inFlight.put(tp, workers.submit(() -> processBatch(tp, batch)));
                    }
                    resumeFinished(c, inFlight);
                    commitDone(c, committed);
                } catch (WakeupException e) {
                    // close() woke us up: loop condition decides
                } catch (RuntimeException e) {
                    LOG.error("function runner: poll loop error (continuing)", e);
                    sleep(Duration.ofSeconds(1));
                }
            }
            for (Future<?> f : inFlight.values()) {
                awaitQuietly(f, Duration.ofSeconds(10));
            }
            commitDone(c, committed);
        } finally {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("function runner: closing the consumer: {}", e.toString());
            }
        }
    }

    /** Resumes the partitions whose batch ended, first seeking back to a record that must come again. */
    private void resumeFinished(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Future<?>> inFlight) {
        for (Iterator<Map.Entry<TopicPartition, Future<?>>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Future<?>> e = it.next();
            if (!e.getValue().isDone()) {
                continue;
            }
            it.remove();
            TopicPartition tp = e.getKey();
            if (c.assignment().contains(tp)) {
                Long again = redeliverFrom.remove(tp);
                if (again != null) {
                    c.seek(tp, again);
                }
                c.resume(List.of(tp));
            }
        }
    }

    private void commitDone(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        doneOffsets.forEach((tp, next) -> {
            if (!next.equals(committed.get(tp))) {
                toCommit.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            c.commitSync(toCommit, Duration.ofSeconds(10));
            toCommit.forEach((tp, om) -> committed.put(tp, om.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("function runner: commit failed (records will be redelivered, which is safe): {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ workers

    private void processBatch(TopicPartition tp, List<ConsumerRecord<String, byte[]>> batch) {
        for (ConsumerRecord<String, byte[]> r : batch) {
            if (!running && Thread.currentThread().isInterrupted()) {
                return;
            }
            if (!handler.test(r)) {
                redeliverFrom.put(tp, r.offset());
                return;
            }
            doneOffsets.put(tp, r.offset() + 1);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private static void awaitQuietly(Future<?> f, Duration max) {
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the offsets say how far it got
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling, lets in-flight records finish (briefly), commits what is done, closes the consumer. */
    @Override
    public void close() {
        running = false;
        if (pollThread.isAlive()) {
            consumer.wakeup();
            try {
                pollThread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        workers.shutdownNow();
    }
}
