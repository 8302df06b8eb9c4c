package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.store.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * This worker's leases: the deadlines it writes (a work lease, a hand-over to the next function, a parent's wait for
 * its children), what a lease found on a deployment means, the heartbeat that keeps a lease while plugins work, and
 * whether a step still holds its deployment.
 */
final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final DeploymentStore store;
    private final FunctionSettings settings;
    private final Clock clock;
    private final DeploymentOrchestrator.Progress progress;

    Leases(DeploymentStore store, FunctionSettings settings, Clock clock, DeploymentOrchestrator.Progress progress) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
    }

    /** Who this worker is, written as lease owner. */
    String owner() {
        return settings.instanceId();
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** The end of a work lease taken now (a heartbeat moves it on). */
    Instant workDeadline() {
        return clock.instant().plus(settings.lease());
    }

    /** The end of a hand-over taken now: the next function picks the deployment up before, or the sweeper fails it. */
    Instant handoffDeadline() {
        return clock.instant().plus(settings.handoff());
    }

    /** The end of a parent's wait for its children, from now. */
    Instant childWaitDeadline() {
        return clock.instant().plus(settings.childWait());
    }

    boolean isMine(Deployment d) {
        return owner().equals(d.leaseOwner());
    }

    boolean isLive(Deployment d) {
        return d.leaseExpiresAt() != null && d.leaseExpiresAt().isAfter(clock.instant());
    }

    /** A lease that outlives a normal lease is a hand-over deadline between two functions, not a live worker. */
    boolean isHandoff(Deployment d) {
        return d.leaseExpiresAt() != null
                && d.leaseExpiresAt().isAfter(clock.instant().plus(settings.lease()).plusSeconds(1));
    }

    /** Whether this worker still holds {@code d}: same status, lease owned by this instance. */
    boolean stillHeld(Deployment d) {
        return store.get(d.id()).filter(cur -> cur.status() == d.status() && isMine(cur)).isPresent();
    }

    /** Runs the plugins' part of a step with a heartbeat renewing the lease on {@code work}. */
    <T> T heartbeating(Deployment work, Supplier<T> pluginWork) {
        try (Heartbeat hb = new Heartbeat(store, work.id(), work.status(), owner(), settings.lease(), clock)) {
            return pluginWork.get();
        }
    }

    /** {@link #heartbeating(Deployment, Supplier)} for work without a result. */
    void heartbeating(Deployment work, Runnable pluginWork) {
        heartbeating(work, () -> {
            pluginWork.run();
            return null;
        });
    }

    /**
     * Whether a step that failed with {@code e} had lost its deployment (a {@link ErrorCode#LEASE_LOST} from its kit,
     * or any failure once another worker holds the deployment): then it stops without touching the deployment, and
     * whoever holds it now decides and emits.
     */
    boolean lost(Deployment work, RuntimeException e) {
        Throwable t = e;
        while (t != null && !(t instanceof CloudrigException c && c.code() == ErrorCode.LEASE_LOST)) {
            t = t.getCause();
        }
        if (t == null && stillHeld(work)) {
            return false;
        }
        String why = t != null ? t.getMessage() : "another worker holds the deployment now; not recording " + e;
        LOG.warn("deployment {}: {}", work.id(), why);
        progress.report(work, "stopped: " + why);
        return true;
    }
}
