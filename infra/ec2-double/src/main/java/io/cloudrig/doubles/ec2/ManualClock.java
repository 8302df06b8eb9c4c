package io.cloudrig.doubles.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told, so a test can walk an instance through pending, running, shutting-down and
 * terminated without waiting: {@code clock.advance(Duration.ofSeconds(30))}.
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static ManualClock startingAt(Instant start) {
        return new ManualClock(start);
    }

    /** Starts at the current time, rounded down to the millisecond. */
    public static ManualClock startingNow() {
        return new ManualClock(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward; was asked to move " + d);
        }
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ManualClock is always UTC");
    }
}
