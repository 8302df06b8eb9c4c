package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.Waiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The one {@link Waiter} of cloudrig: polls on the caller's thread, a progress line every {@code progressEvery}. */
final class PollingWaiter implements Waiter {
    private final Clock clock;
    private final BooleanSupplier leaseHeld;
    private final PluginContext.Progress progress;
    private final Duration progressEvery;

    PollingWaiter(Clock clock, BooleanSupplier leaseHeld, PluginContext.Progress progress, Duration progressEvery) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseHeld = Objects.requireNonNull(leaseHeld, "leaseHeld");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
    }

    @Override
    public <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("waiting for " + what + ": expected a timeout >= 0 and an interval > 0 but "
                    + "were " + timeout + " and " + interval);
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Instant nextReport = start.plus(progressEvery);
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new CloudrigException(ErrorCode.TIMEOUT, "gave up waiting for " + what + " after "
                        + timeout.toMillis() + " ms");
            }
            if (!leaseHeld.getAsBoolean()) {
                throw new CloudrigException(ErrorCode.LEASE_LOST, "stopped waiting for " + what
                        + ": this worker no longer holds the deployment");
            }
            if (!now.isBefore(nextReport)) {
                progress.report("waiting for " + what + ": " + Duration.between(start, now).toSeconds() + " s of "
                        + timeout.toSeconds() + " s");
                nextReport = now.plus(progressEvery);
            }
            long sleep = Math.min(interval.toMillis(), Math.max(1, Duration.between(now, deadline).toMillis()));
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while waiting for " + what, e);
            }
        }
    }
}
