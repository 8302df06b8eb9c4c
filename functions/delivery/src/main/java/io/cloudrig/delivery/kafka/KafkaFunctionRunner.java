package io.cloudrig.delivery.kafka;

import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.delivery.Sweeper;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the deployment functions on Kafka with plain kafka-clients: one consumer in group {@value #DEFAULT_GROUP} on
 * {@link DeploymentEvents#TOPIC}, each record handed to {@link KafkaDelivery} (the delivery policy, outcome publishing
 * and dead letters), then its offset marked done. A periodic {@link Sweeper} fails deployments whose function died.
 *
 * <p>Concurrency: a partition's batch goes to a small worker pool and the partition is paused until the batch is done,
 * so records of one partition (hence of one deployment) are handled one at a time, in order, while other partitions
 * proceed. Offsets are committed by the poll thread only (the consumer is single-threaded), after the record's outcomes
 * were acknowledged: delivery is at least once, which the functions are built for. A record that must be delivered
 * again (the runner is stopping, or its dead letter could not be written) ends its batch; the poll thread seeks the
 * partition back to it before resuming.
 */
public final class KafkaFunctionRunner implements AutoCloseable {
    public static final String DEFAULT_GROUP = "cloudrig-functions";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFunctionRunner.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    private final DeploymentOrchestrator functions;
    private final String bootstrap;
    private final String groupId;
    private final Duration sweepInterval;
    private final Duration sessionTimeout;
    private final KafkaDelivery delivery;
    private final ExecutorService workers;
    private final Map<TopicPartition, Long> doneOffsets = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> redeliverFrom = new ConcurrentHashMap<>();
    private final Thread pollThread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Sweeper sweeper;

    private KafkaFunctionRunner(Builder b) {
        this.functions = b.functions;
        this.bootstrap = b.bootstrap;
        this.groupId = b.groupId;
        this.sweepInterval = b.sweepInterval;
        this.sessionTimeout = b.sessionTimeout;
        KafkaPublisher publisher = new KafkaPublisher(KafkaPublisher.Settings.of(b.bootstrap, b.groupId + "-producer"));
        this.delivery = new KafkaDelivery(b.functions, publisher, RetryPolicy.inProcess(b.maxAttempts, b.retryBackoff));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(b.workers, r -> daemon(r, "cloudrig-fn-" + n.incrementAndGet()));
        this.pollThread = daemon(this::pollLoop, "cloudrig-runner");
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts consuming and sweeping; returns at once. */
    public KafkaFunctionRunner start() {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        cp.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-consumer");
        // how soon a crashed runner's partitions go to the one restarted in its place
        long session = sessionTimeout.toMillis();
        cp.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
        cp.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1000, session / 3)));
        consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
        pollThread.start();
        sweeper = Sweeper.every(sweepInterval, functions, delivery.publisher());
        return this;
    }

    // ------------------------------------------------------------------ poll thread

    private void pollLoop() {
        Map<TopicPartition, Future<?>> inFlight = new HashMap<>();
        Map<TopicPartition, Long> committed = new HashMap<>();
        KafkaConsumer<String, byte[]> c = consumer;
        c.subscribe(List.of(DeploymentEvents.TOPIC), new ConsumerRebalanceListener() {
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
            if (!delivery.deliver(r)) {
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

    /** Stops polling, lets in-flight records finish (briefly), commits what is done, closes the clients. */
    @Override
    public void close() {
        running = false;
        if (sweeper != null) {
            sweeper.close();
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
            try {
                pollThread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdownNow();
        delivery.publisher().close();
    }

    public static final class Builder {
        private DeploymentOrchestrator functions;
        private String bootstrap;
        private String groupId = DEFAULT_GROUP;
        private Duration sweepInterval = Sweeper.defaultInterval();
        private int workers = 3;
        private int maxAttempts = RetryPolicy.DEFAULT_ATTEMPTS;
        private Duration retryBackoff = RetryPolicy.DEFAULT_BACKOFF;
        private Duration sessionTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * The consumer group session timeout (default 10 s, Kafka's 45 s is for fleets): after a crash, the partitions
         * of the dead runner go to a restarted one this long after its last heartbeat. At least the broker's
         * {@code group.min.session.timeout.ms} (6 s by default).
         */
        public Builder sessionTimeout(Duration v) {
            if (v.toMillis() < 6000) {
                throw new IllegalArgumentException("sessionTimeout: expected at least 6 s (the broker's minimum) but was " + v);
            }
            this.sessionTimeout = v;
            return this;
        }

        public Builder functions(DeploymentOrchestrator v) {
            this.functions = v;
            return this;
        }

        public Builder bootstrapServers(String v) {
            this.bootstrap = v;
            return this;
        }

        public Builder groupId(String v) {
            this.groupId = Objects.requireNonNull(v);
            return this;
        }

        /** How often the sweeper runs (default {@value Sweeper#DEFAULT_INTERVAL}); zero turns it off. */
        public Builder sweepInterval(Duration v) {
            this.sweepInterval = Objects.requireNonNull(v);
            return this;
        }

        /** Threads handling partitions in parallel (each partition one record at a time). */
        public Builder workers(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("workers: expected at least 1 but was " + v);
            }
            this.workers = v;
            return this;
        }

        /** Tries of a record whose handling fails with a retryable code, before it is dead-lettered. */
        public Builder maxAttempts(int v) {
            this.maxAttempts = Math.max(1, v);
            return this;
        }

        public Builder retryBackoff(Duration v) {
            this.retryBackoff = Objects.requireNonNull(v);
            return this;
        }

        public KafkaFunctionRunner build() {
            Objects.requireNonNull(functions, "functions");
            Objects.requireNonNull(bootstrap, "bootstrapServers");
            return new KafkaFunctionRunner(this);
        }
    }
}
