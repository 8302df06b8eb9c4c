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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Kafka consumer that hands records to a bounded pool of workers in <b>lanes by record key</b> (cloudrig keys every
 * record by its deployment id): one key's records are handled one at a time, in their partition's order; records of
 * different keys are handled concurrently, also when they share a partition, at most {@code workers} at once. So an
 * hour-long deploy holds up the records of its own deployment only, never another deployment's destroy.
 *
 * <p>At least once: the poll thread alone commits (the consumer is single-threaded), for each partition the lowest
 * offset not yet finished (or the next one when all are), so a record is never committed before it was handled. While
 * running it commits without waiting (one asynchronous commit at a time, so polling never stalls on the broker); when
 * it gives partitions up or stops, it commits and waits. A
 * long record holds back its partition's commit point: after a restart, the records behind it come again, which the
 * functions are built for (idempotent by event id). At most {@code maxBuffered} records are taken in and not finished;
 * beyond that fetching pauses until workers catch up.
 *
 * <p>A record the handler is not done with (it returned false: the dead-letter topic could not be written) is tried
 * again in its lane after a growing pause (1 s up to 30 s), holding up its key only, until it is done or this consumer
 * stops or loses the partition. Records of a partition taken from this consumer by a rebalance are dropped from their
 * lanes (not committed, so the new owner gets them); those in hand get up to 30 s to finish before the commit.
 */
final class KeyedConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedConsumer.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(20);
    private static final Duration REVOKE_WAIT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final long MAX_RETRY_PAUSE_MS = 30_000;

    private final String topic;
    private final Predicate<ConsumerRecord<String, byte[]>> handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService workers;
    private final int maxBuffered;
    private final Thread pollThread;
    /** Guards {@link #lanes} and every {@link Lane}'s fields. */
    private final Object laneLock = new Object();
    private final Map<String, Lane> lanes = new HashMap<>();
    /** Records the workers finished, for the poll thread to account. */
    private final Queue<Lane.Item> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handling = new AtomicInteger();
    /** Poll thread only: the partitions assigned to this consumer and how far each got. */
    private final Map<TopicPartition, PartitionStanding> progress = new HashMap<>();
    private volatile int unfinished;
    /** Poll thread only: an asynchronous commit was sent and its callback has not run yet. */
    private boolean asyncCommitInFlight;
    private volatile boolean running = true;

    /**
     * @param config      the consumer's configuration (auto commit must be off)
     * @param workers     records handled at once, at most
     * @param maxBuffered records taken in and not finished, at most (at least {@code workers})
     * @param handler     handles one record; true when done with it, false when it must be tried again
     */
    KeyedConsumer(Properties config, String topic, int workers, int maxBuffered, Predicate<ConsumerRecord<String, byte[]>> handler) {
        this.topic = topic;
        this.handler = handler;
        this.maxBuffered = Math.max(workers, maxBuffered);
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

    /** True while the poll thread runs (false before {@link #start()}, after {@link #close()}, or if it died). */
    boolean isAlive() {
        return running && pollThread.isAlive();
    }

    /** Records a worker is handling right now. */
    int handling() {
        return handling.get();
    }

    /** Records taken in and not finished (handling or waiting in their lane). */
    int unfinished() {
        return unfinished;
    }

    // ------------------------------------------------------------------ poll thread

    private void pollLoop() {
        KafkaConsumer<String, byte[]> c = consumer;
        c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                release(c, partitions, REVOKE_WAIT, true);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                release(c, partitions, Duration.ZERO, false); // already someone else's: nothing to commit
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                partitions.forEach(tp -> progress.put(tp, new PartitionStanding())); // committed offsets are where we resume
            }
        });
        try {
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = c.poll(unfinished == 0 ? IDLE_POLL : BUSY_POLL);
                    for (ConsumerRecord<String, byte[]> r : records) {
                        take(r);
                    }
                    account();
                    throttle(c);
                    commitAsync(c);
                } catch (WakeupException e) {
                    // close() woke us up: the loop condition decides
                } catch (RuntimeException e) {
                    LOG.error("function runner: poll loop error (continuing)", e);
                    sleep(Duration.ofSeconds(1));
                }
            }
            release(c, List.copyOf(progress.keySet()), CLOSE_WAIT, true);
        } catch (RuntimeException e) {
            LOG.warn("function runner: stopping: {}", e.toString());
        } finally {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("function runner: closing the consumer: {}", e.toString());
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        PartitionStanding p = progress.computeIfAbsent(tp, k -> new PartitionStanding());
        p.unfinished.add(r.offset());
        p.next = r.offset() + 1;
        Lane.Item item = new Lane.Item(r, tp, p);
        String key = r.key() != null ? "k:" + r.key() : "p:" + tp; // a record without key keeps its partition's order
        synchronized (laneLock) {
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            lane.queue.add(item);
            if (!lane.scheduled) {
                lane.scheduled = true;
                workers.execute(() -> drain(lane));
            }
        }
    }

    /** Takes the finished records off their partitions' unfinished sets. */
    private void account() {
        for (Lane.Item i; (i = finished.poll()) != null; ) {
            if (progress.get(i.partition()) == i.owner()) {
                i.owner().unfinished.remove(i.record().offset());
            }
        }
        int n = 0;
        for (PartitionStanding p : progress.values()) {
            n += p.unfinished.size();
        }
        unfinished = n;
    }

    /** Pauses fetching while {@code maxBuffered} records are unfinished. */
    private void throttle(KafkaConsumer<String, byte[]> c) {
        if (unfinished >= maxBuffered) {
            if (c.paused().size() < c.assignment().size()) {
                c.pause(c.assignment());
            }
        } else if (!c.paused().isEmpty()) {
            c.resume(c.paused());
        }
    }

    /**
     * While running: commits what moved without waiting for the broker, one commit in flight at a time (the poll thread
     * goes on taking records meanwhile; the callback, run inside a later poll, notes what was committed). A failed
     * one is tried again on a later loop; a record is never committed before it is finished either way.
     */
    private void commitAsync(KafkaConsumer<String, byte[]> c) {
        if (asyncCommitInFlight) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = commitPoints(progress.keySet());
        if (toCommit.isEmpty()) {
            return;
        }
        asyncCommitInFlight = true;
        c.commitAsync(toCommit, (offsets, e) -> {
            asyncCommitInFlight = false;
            if (e != null) {
                LOG.debug("function runner: commit failed (tried again; redelivery is safe): {}", e.toString());
                return;
            }
            offsets.forEach((tp, om) -> {
                PartitionStanding p = progress.get(tp);
                if (p != null && om.offset() > p.committed) {
                    p.committed = om.offset();
                }
            });
        });
    }

    /** For each of {@code partitions}, its lowest unfinished offset (or the next one), where that moved. */
    private Map<TopicPartition, OffsetAndMetadata> commitPoints(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionStanding p = progress.get(tp);
            if (p == null || p.next < 0) {
                continue;
            }
            long point = p.unfinished.isEmpty() ? p.next : p.unfinished.first();
            if (point > p.committed) {
                toCommit.put(tp, new OffsetAndMetadata(point));
            }
        }
        return toCommit;
    }

    /** Commits, for each of {@code partitions}, its lowest unfinished offset (or the next one), if it moved; waits. */
    private void commit(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = commitPoints(partitions);
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            c.commitSync(toCommit, Duration.ofSeconds(10));
            toCommit.forEach((tp, om) -> progress.get(tp).committed = om.offset());
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("function runner: commit failed (records will be redelivered, which is safe): {}", e.toString());
        }
    }

    /**
     * Gives partitions up: drops their waiting records from the lanes, lets the ones in hand finish (up to
     * {@code wait}), commits what is finished (when {@code commit}) and forgets them.
     */
    private void release(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions, Duration wait, boolean commit) {
        List<PartitionStanding> gone = partitions.stream().map(progress::get).filter(p -> p != null).toList();
        if (gone.isEmpty()) {
            return;
        }
        gone.forEach(p -> p.revoked = true);
        synchronized (laneLock) {
            lanes.values().forEach(l -> l.queue.removeIf(i -> i.owner().revoked));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (gone.stream().anyMatch(p -> p.inHand.get() > 0) && System.nanoTime() < deadline) {
            account();
            sleep(Duration.ofMillis(20));
        }
        account();
        if (commit) {
            commit(c, partitions);
        }
        partitions.forEach(progress::remove);
        account();
    }

    // ------------------------------------------------------------------ workers

    private void drain(Lane lane) {
        while (true) {
            Lane.Item item;
            synchronized (laneLock) {
                item = lane.queue.poll();
                if (item == null || !running) {
                    lane.queue.clear();
                    lane.scheduled = false;
                    lanes.remove(lane.key, lane);
                    return;
                }
                item.owner().inHand.incrementAndGet();
            }
            handling.incrementAndGet();
            boolean done;
            try {
                done = handleUntilDone(item);
            } finally {
                handling.decrementAndGet();
                item.owner().inHand.decrementAndGet();
            }
            if (done) {
                finished.add(item);
            }
        }
    }

    /** True once the handler is done with the record; false when this consumer stops or lost the partition first. */
    private boolean handleUntilDone(Lane.Item item) {
        for (int attempt = 1; ; attempt++) {
            if (item.owner().revoked) {
                return false;
            }
            try {
                if (handler.test(item.record())) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.error("function runner: handler failed on {}-{}@{} (trying again)", item.partition().topic(),
                        item.partition().partition(), item.record().offset(), e);
            }
            if (!running || Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (!sleep(Duration.ofMillis(Math.min(MAX_RETRY_PAUSE_MS, 1000L * attempt)))) {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Sleeps; false when interrupted. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops polling, lets records in hand finish (briefly), commits what is finished, closes the consumer. */
    @Override
    public void close() {
        running = false;
        if (pollThread.isAlive()) {
            consumer.wakeup();
            try {
                pollThread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
        workers.shutdownNow();
    }
}
