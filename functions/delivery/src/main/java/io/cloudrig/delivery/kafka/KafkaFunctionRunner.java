package io.cloudrig.delivery.kafka;

import io.cloudrig.delivery.RetryPolicy;
import io.cloudrig.delivery.Sweeper;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Runs the deployment functions on Kafka with plain kafka-clients: one consumer in group {@value #DEFAULT_GROUP} on
 * {@link DeploymentEvents#TOPIC} ({@link KeyedConsumer}: a lane per deployment, each in order, different deployments
 * concurrently on {@link Builder#workers} threads; offsets committed once every record before them is done), each
 * record handed to {@link KafkaDelivery} (the delivery policy, outcome publishing and dead letters), and a
 * {@link Sweeper} that fails deployments whose function died. Delivery is at least once, which the functions are built
 * for. The embedded runtime and the Kafka service ({@code functions/app}) both run this.
 */
public final class KafkaFunctionRunner implements AutoCloseable {
    public static final String DEFAULT_GROUP = "cloudrig-functions";
    public static final int DEFAULT_WORKERS = 3;
    public static final int DEFAULT_MAX_BUFFERED = 500;

    private final KafkaDelivery delivery;
    private final KeyedConsumer consumer;
    private final DeploymentOrchestrator functions;
    private final Duration sweepInterval;
    private final boolean ownsPublisher;
    private Sweeper sweeper;

    private KafkaFunctionRunner(Builder b) {
        this.ownsPublisher = b.publisher == null;
        KafkaPublisher publisher = ownsPublisher ? new KafkaPublisher(KafkaPublisher.Settings.of(b.bootstrap,
                b.groupId + "-producer").withClientProperties(b.clientProperties)) : b.publisher;
        this.delivery = new KafkaDelivery(b.functions, publisher, RetryPolicy.inProcess(b.maxAttempts, b.retryBackoff),
                b.observer, b.inProcessFollowUps);
        this.consumer = new KeyedConsumer(consumerConfig(b), DeploymentEvents.TOPIC, b.workers, b.maxBuffered,
                delivery::deliver);
        this.functions = b.functions;
        this.sweepInterval = b.sweepInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Properties consumerConfig(Builder b) {
        Properties cp = new Properties();
        b.clientProperties.applyToConsumer(cp); // TLS/SASL; what follows is cloudrig's own and wins
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, b.groupId);
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        cp.put(ConsumerConfig.CLIENT_ID_CONFIG, b.groupId + "-consumer");
        // how soon a crashed runner's partitions go to the one restarted in its place
        long session = b.sessionTimeout.toMillis();
        cp.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
        cp.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1000, session / 3)));
        return cp;
    }

    /** Starts consuming and sweeping; returns at once. */
    public synchronized KafkaFunctionRunner start() {
        consumer.start();
        sweeper = Sweeper.every(sweepInterval, functions, delivery.publisher());
        return this;
    }

    /** True while the consumer's poll thread runs: false before {@link #start()}, after {@link #close()}, or if it died. */
    public boolean isAlive() {
        return consumer.isAlive();
    }

    /** Records a worker is handling right now (at most {@link Builder#workers}). */
    public int handling() {
        return consumer.handling();
    }

    /** Records taken from the topic and not finished yet (handling, or waiting behind their deployment's). */
    public int unfinished() {
        return consumer.unfinished();
    }

    /**
     * Stops sweeping and polling, lets in-flight records finish (briefly), commits what is done, closes the clients
     * (the publisher only when this runner made it).
     */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.close();
        }
        consumer.close();
        if (ownsPublisher) {
            delivery.publisher().close();
        }
    }

    public static final class Builder {
        private DeploymentOrchestrator functions;
        private String bootstrap;
        private String groupId = DEFAULT_GROUP;
        private Duration sweepInterval = Sweeper.defaultInterval();
        private int workers = DEFAULT_WORKERS;
        private int maxBuffered = DEFAULT_MAX_BUFFERED;
        private KafkaClientProperties clientProperties = KafkaClientProperties.NONE;
        private KafkaPublisher publisher;
        private DeliveryObserver observer = DeliveryObserver.NONE;
        private int maxAttempts = RetryPolicy.DEFAULT_ATTEMPTS;
        private Duration retryBackoff = RetryPolicy.DEFAULT_BACKOFF;
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private boolean inProcessFollowUps = true;

        private Builder() {
        }

        /**
         * Whether the event a function emits about the same deployment (servers created, after createServers) is
         * handled right away by the same worker after it is published, rather than after its trip through the topic
         * (default true): a started deployment does not queue again behind newer requests. Its copy on the topic is
         * then done with when it arrives. Off: every event is handled when it comes from the topic.
         */
        public Builder inProcessFollowUps(boolean v) {
            this.inProcessFollowUps = v;
            return this;
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

        /**
         * Records handled at once, at most (default {@value #DEFAULT_WORKERS}): records of different deployments run
         * concurrently, each deployment's one at a time and in order.
         */
        public Builder workers(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("workers: expected at least 1 but was " + v);
            }
            this.workers = v;
            return this;
        }

        /**
         * Records taken from the topic and not finished, at most (default {@value #DEFAULT_MAX_BUFFERED}); fetching
         * pauses beyond that.
         */
        public Builder maxBuffered(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxBuffered: expected at least 1 but was " + v);
            }
            this.maxBuffered = v;
            return this;
        }

        /** Client properties (TLS, SASL) for the consumer, and for the publisher this runner makes. */
        public Builder clientProperties(KafkaClientProperties v) {
            this.clientProperties = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The publisher of outcome events and dead letters, shared with its owner, who closes it; by default the
         * runner makes its own (on the same bootstrap servers and client properties) and closes it.
         */
        public Builder publisher(KafkaPublisher v) {
            this.publisher = Objects.requireNonNull(v);
            return this;
        }

        /** Told of every function call and record, for metrics. */
        public Builder observer(DeliveryObserver v) {
            this.observer = Objects.requireNonNull(v);
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
