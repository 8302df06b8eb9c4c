package io.cloudrig.embedded;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the deployment functions on Kafka with plain kafka-clients: one consumer in group {@value #DEFAULT_GROUP} on
 * {@link DeploymentEvents#TOPIC}. For each record: parse; if its type feeds a function, call
 * {@link DeploymentOrchestrator#handle}; publish the outcome events keyed by deployment id to the same topic (each send
 * acknowledged); then mark the offset done. Poison events go to {@link DeploymentEvents#DEAD_LETTER_TOPIC} with
 * their reason and never block the records behind them.
 *
 * <p>Concurrency: a partition's batch is handed to a small worker pool and the partition is paused until the batch is
 * done, so records of one partition (hence of one deployment) are handled one at a time, in order, while other
 * partitions proceed. Offsets are committed by the poll thread only (the consumer is single-threaded) after the
 * record's outcomes were acknowledged: delivery is at least once, which the functions are built for.
 *
 * <p>A periodic {@link DeploymentOrchestrator#sweep()} fails deployments whose function died and publishes the outcome.
 */
public final class KafkaFunctionRunner implements AutoCloseable {
    public static final String DEFAULT_GROUP = "cloudrig-functions";
    /** Header carrying the reason on a dead-lettered record that is not a CloudEvent at all. */
    public static final String DEAD_REASON_HEADER = DeploymentEvents.DEAD_REASON_HEADER;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFunctionRunner.class);

    private final DeploymentOrchestrator functions;
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    private final String bootstrap;
    private final String groupId;
    private final Duration sweepInterval;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Duration sessionTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final Map<TopicPartition, Long> doneOffsets = new ConcurrentHashMap<>();
    private final Thread pollThread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private KafkaFunctionRunner(Builder b) {
        this.functions = Objects.requireNonNull(b.functions, "functions");
        this.bootstrap = Objects.requireNonNull(b.bootstrap, "bootstrap");
        this.groupId = b.groupId;
        this.sweepInterval = b.sweepInterval;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.sessionTimeout = b.sessionTimeout;
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-producer");
        this.producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(b.workers, r -> daemon(r, "cloudrig-fn-" + n.incrementAndGet()));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cloudrig-sweeper"));
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
        cp.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeout.toMillis()));
        cp.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1000, sessionTimeout.toMillis() / 3)));
        consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
        pollThread.start();
        long ms = sweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepOnce, ms, ms, TimeUnit.MILLISECONDS);
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
                    for (Iterator<Map.Entry<TopicPartition, Future<?>>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<TopicPartition, Future<?>> e = it.next();
                        if (e.getValue().isDone()) {
                            it.remove();
                            if (c.assignment().contains(e.getKey())) {
                                c.resume(List.of(e.getKey()));
                            }
                        }
                    }
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
            process(r);
            doneOffsets.put(tp, r.offset() + 1);
        }
    }

    /** Handles one record; never throws (a record that cannot be handled is dead-lettered). */
    void process(ConsumerRecord<String, byte[]> r) {
        CloudEvent event;
        try {
            event = DeploymentEvents.parse(r.value());
        } catch (PoisonEventException e) {
            deadLetterRaw(r, e.getMessage());
            return;
        }
        EventType type = DeploymentEvents.type(event);
        if (type.isOutcome()) {
            return; // an outcome: for observers, not for a function
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<CloudEvent> out = functions.handle(event);
                for (CloudEvent o : out) {
                    send(DeploymentEvents.TOPIC, o.getSubject(), DeploymentEvents.serialize(o));
                }
                return;
            } catch (PoisonEventException e) {
                deadLetter(r, event, e.getMessage());
                return;
            } catch (RuntimeException e) {
                String reason = "failed after " + attempt + " attempt(s): " + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? ": " + e.getMessage() : "");
                if (attempt >= maxAttempts || !running) {
                    LOG.error("event {} ({}) of {}: {}", event.getId(), type.type(), event.getSubject(), reason, e);
                    deadLetter(r, event, reason);
                    return;
                }
                LOG.warn("event {} ({}): attempt {} failed, retrying: {}", event.getId(), type.type(), attempt, e.toString());
                sleep(retryBackoff.multipliedBy(attempt));
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, CloudEvent event, String reason) {
        LOG.warn("dead-lettering event {} of {}: {}", event.getId(), event.getSubject(), reason);
        send(DeploymentEvents.DEAD_LETTER_TOPIC, r.key(),
                DeploymentEvents.serialize(DeploymentEvents.withDeadLetterReason(event, reason)));
    }

    private void deadLetterRaw(ConsumerRecord<String, byte[]> r, String reason) {
        LOG.warn("dead-lettering record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(DeploymentEvents.DEAD_LETTER_TOPIC, r.key(), r.value());
        pr.headers().add(DEAD_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        sendRecord(pr);
    }

    private void send(String topic, String key, byte[] value) {
        sendRecord(new ProducerRecord<>(topic, key, value));
    }

    /** Sends and waits for the ack, retrying until it is accepted or we are stopping. */
    private void sendRecord(ProducerRecord<String, byte[]> pr) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(pr).get(60, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing to " + pr.topic(), e);
            } catch (ExecutionException | TimeoutException e) {
                if (!running || attempt >= 5) {
                    throw new IllegalStateException("cannot publish to " + pr.topic() + ": " + e, e);
                }
                LOG.warn("publishing to {} failed (attempt {}), retrying: {}", pr.topic(), attempt, e.toString());
                sleep(Duration.ofSeconds(attempt));
            }
        }
    }

    // ------------------------------------------------------------------ sweeper

    private void sweepOnce() {
        try {
            functions.sweep(e -> send(DeploymentEvents.TOPIC, e.getSubject(), DeploymentEvents.serialize(e)));
        } catch (RuntimeException e) {
            LOG.warn("sweeper: {}", e.toString());
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
        sweeper.shutdownNow();
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
        producer.close(Duration.ofSeconds(5));
    }

    public static final class Builder {
        private DeploymentOrchestrator functions;
        private String bootstrap;
        private String groupId = DEFAULT_GROUP;
        private Duration sweepInterval = Duration.ofSeconds(30);
        private int workers = 3;
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofSeconds(1);
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

        /** Tries of a record whose handling throws something other than a poison error, before it is dead-lettered. */
        public Builder maxAttempts(int v) {
            this.maxAttempts = Math.max(1, v);
            return this;
        }

        public Builder retryBackoff(Duration v) {
            this.retryBackoff = Objects.requireNonNull(v);
            return this;
        }

        public KafkaFunctionRunner build() {
            return new KafkaFunctionRunner(this);
        }
    }
}
