package io.cloudrig.cli;

import java.time.Duration;

/** The range of a waiting option: 1 s to a week (more would overflow the clock arithmetic, 0 or less is a mistake). */
public final class Timeouts {
    public static final long MAX_SECONDS = Duration.ofDays(7).toSeconds();

    private Timeouts() {
    }

    /** {@code value} seconds of option {@code option}; a usage error (exit 2) out of range. */
    public static Duration seconds(String option, long value) {
        if (value < 1 || value > MAX_SECONDS) {
            throw new UsageFailure(option + ": expected a number of seconds from 1 to " + MAX_SECONDS + " (7 days), found "
                    + value);
        }
        return Duration.ofSeconds(value);
    }
}
