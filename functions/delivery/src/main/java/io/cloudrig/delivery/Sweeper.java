package io.cloudrig.delivery;

import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link DeploymentOrchestrator#sweep(EventPublisher)} on a daemon thread every interval, for the long-running
 * transports (the Kafka consumer loop and the Quarkus Kafka binding; on Lambda a schedule invokes the sweep function).
 * A failed round is logged and tried again the next round: the sweeper repeats what it has not yet announced.
 */
public final class Sweeper implements AutoCloseable {
    /** The default interval, in the form {@code @WithDefault} and {@link Duration#parse} (after "PT") take. */
    public static final String DEFAULT_INTERVAL = "30S";
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final ScheduledExecutorService executor;

    private Sweeper(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** The default interval as a duration. */
    public static Duration defaultInterval() {
        return Duration.parse("PT" + DEFAULT_INTERVAL);
    }

    /** Starts sweeping every {@code interval} (first after one interval); zero or less: a sweeper that never runs. */
    public static Sweeper every(Duration interval, DeploymentOrchestrator orchestrator, EventPublisher publisher) {
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(publisher, "publisher");
        if (interval.isZero() || interval.isNegative()) {
            return new Sweeper(null);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudrig-sweeper");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> sweepOnce(orchestrator, publisher), ms, ms, TimeUnit.MILLISECONDS);
        return new Sweeper(executor);
    }

    private static void sweepOnce(DeploymentOrchestrator orchestrator, EventPublisher publisher) {
        try {
            orchestrator.sweep(publisher);
        } catch (RuntimeException e) {
            LOG.warn("sweep failed (tried again next round): {}", Failures.describe(e));
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
