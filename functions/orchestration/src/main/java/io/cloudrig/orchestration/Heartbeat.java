package io.cloudrig.orchestration;

import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.store.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a work lease every third of its duration while a step runs, so that a living function keeps its
 * deployment and a dead one's lease runs out for the sweeper to find.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "cloudrig-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ScheduledFuture<?> task;

    Heartbeat(DeploymentStore store, String id, DeploymentStatus status, String owner, Duration lease, Clock clock) {
        long period = Math.max(1, lease.toMillis() / 3);
        // an exception thrown from the task cancels its further runs: that is how a lost lease stops the heartbeat.
        // A failed renewal (store unreachable for a moment) is not a lost lease: keep trying while the step runs.
        this.task = TIMER.scheduleAtFixedRate(() -> {
            boolean renewed;
            try {
                renewed = store.renewLease(id, status, owner, clock.instant().plus(lease));
            } catch (RuntimeException e) {
                LOG.warn("could not renew the lease on {} (will retry): {}", id, e.toString());
                return;
            }
            if (!renewed) {
                LOG.warn("lease on {} was lost (status moved on or taken over)", id);
                throw new IllegalStateException("lease lost");
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
