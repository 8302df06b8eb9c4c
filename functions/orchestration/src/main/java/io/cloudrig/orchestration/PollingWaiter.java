package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.ContinueLater;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.Waiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one {@link Waiter} of cloudrig: polls on the caller's thread, a progress line every {@code progressEvery}. With a
 * {@link Deadline} (a Lambda call's), it never sleeps past it: it stops with {@link ContinueLater}, and the wait it was
 * in ({@link Waits}) goes on in the next call with its start kept, so the timeout holds across calls.
 */
final class PollingWaiter implements Waiter {
    private final Clock clock;
    private final BooleanSupplier leaseHeld;
    private final PluginContext.Progress progress;
    private final Duration progressEvery;
    private final Deadline deadline;
    private final Waits waits;

    PollingWaiter(Clock clock, BooleanSupplier leaseHeld, PluginContext.Progress progress, Duration progressEvery) {
        this(clock, leaseHeld, progress, progressEvery, Deadline.none(), Waits.none());
    }

    PollingWaiter(Clock clock, BooleanSupplier leaseHeld, PluginContext.Progress progress, Duration progressEvery,
                  Deadline deadline, Waits waits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseHeld = Objects.requireNonNull(leaseHeld, "leaseHeld");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    @Override
    public <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("waiting for " + what + ": expected a timeout >= 0 and an interval > 0 but "
                    + "were " + timeout + " and " + interval);
        }
        Instant now0 = clock.instant();
        Instant start = waits.startOf(what).orElse(now0);
        waits.began(what, start);
        Instant deadlineOfWait = start.plus(timeout);
        Instant nextReport = now0.plus(progressEvery);
        while (true) {
            Optional<T> v;
            try {
                v = probe.get();
            } catch (RuntimeException e) {
                waits.ended(what);
                throw e;
            }
            if (v.isPresent()) {
                waits.ended(what);
                return v.get();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadlineOfWait)) {
                waits.ended(what);
                throw new CloudrigException(ErrorCode.TIMEOUT, "gave up waiting for " + what + " after "
                        + timeout.toMillis() + " ms");
            }
            if (!leaseHeld.getAsBoolean()) {
                waits.ended(what);
                throw new CloudrigException(ErrorCode.LEASE_LOST, "stopped waiting for " + what
                        + ": this worker no longer holds the deployment");
            }
            if (!now.isBefore(nextReport)) {
                progress.report("waiting for " + what + ": " + Duration.between(start, now).toSeconds() + " s of "
                        + timeout.toSeconds() + " s");
                nextReport = now.plus(progressEvery);
            }
            long sleep = Math.min(interval.toMillis(), Math.max(1, Duration.between(now, deadlineOfWait).toMillis()));
            if (deadline.passedBy(now.plusMillis(sleep))) {
                throw new ContinueLater("waiting for " + what + " (" + Duration.between(start, now).toSeconds() + " s of "
                        + timeout.toSeconds() + " s)", Duration.ofMillis(sleep));
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                waits.ended(what);
                throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while waiting for " + what, e);
            }
        }
    }
}
