package io.cloudrig.doubles.fuel;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand, so time-driven behaviour is asserted without sleeping. */
final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2015-06-11T09:58:02Z"));

    @Override
    public Instant instant() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }
}
