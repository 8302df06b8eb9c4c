package io.cloudrig.doubles.cobbler;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand, so expiry and background tasks are asserted without sleeping. */
final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2015-06-04T14:25:17Z"));

    @Override
    public Instant instant() {
        return now.get();
    }

    void advanceSeconds(long seconds) {
        now.updateAndGet(t -> t.plus(Duration.ofSeconds(seconds)));
    }
}
