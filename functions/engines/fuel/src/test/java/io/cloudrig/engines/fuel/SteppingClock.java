package io.cloudrig.engines.fuel;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Fuel double's clock in these tests: every reading moves it on by a fixed step, so the master's deployments,
 * deletions and rediscoveries advance with the calls made to it (each request reads the clock) instead of with wall
 * time. Tests neither sleep nor depend on how fast the machine is.
 */
final class SteppingClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2015-06-11T09:58:02Z"));
    private final Duration step;

    SteppingClock(Duration step) {
        this.step = step;
    }

    @Override
    public Instant instant() {
        return now.getAndUpdate(t -> t.plus(step));
    }
}
