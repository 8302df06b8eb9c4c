package io.cloudrig.cli;

import io.cloudrig.model.events.DeploymentRequestData;

import java.time.Duration;

/**
 * The range of a waiting option: 1 s to a week (more would overflow the clock arithmetic, 0 or less is a mistake); and
 * of an expiry ({@code --ttl}): 1 s to 365 days.
 */
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

    /** The longest {@code --ttl}. */
    public static final Duration MAX_TTL = Duration.ofDays(365);

    /**
     * {@code text} of option {@code option} as an expiry: {@code 90s}, {@code 30m}, {@code 4h}, {@code 2d} or ISO-8601
     * ({@code PT4H}), 1 s to 365 days; a usage error (exit 2) naming the option, what it expects and what it found.
     */
    public static Duration ttl(String option, String text) {
        String expected = option + ": expected a duration from 1s to 365d like 90s, 30m, 4h, 2d or PT4H, found '"
                + Text.visible(text == null ? "" : text) + "'";
        Duration d;
        try {
            d = DeploymentRequestData.parseTtl(text);
        } catch (IllegalArgumentException e) {
            throw new UsageFailure(expected);
        }
        if (d.isNegative() || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_TTL) > 0) {
            throw new UsageFailure(expected + " (" + (d.isNegative() || d.isZero() ? "not positive" : d.compareTo(MAX_TTL) > 0
                    ? "more than 365 days" : "less than a second") + ")");
        }
        return d;
    }
}
