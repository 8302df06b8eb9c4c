package io.cloudrig.doubles.ec2.control;

import java.time.Duration;
import java.time.Instant;

/**
 * Which requests the double answers with {@code RequestLimitExceeded}. A pattern is stateful: it is asked once per
 * request it applies to, in arrival order; give each {@code Ec2Double.throttle(...)} call a new one.
 *
 * <p>{@link #tokenBucket} is EC2's own algorithm ("Request throttling for the Amazon EC2 API",
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html): a bucket of tokens per API, one token per
 * request, a fixed number added back every second up to the bucket size, a request finding the bucket empty is
 * throttled. {@link #next} and {@link #burst} are count-based, so a test's outcome does not depend on timing.
 */
public interface ThrottlePattern {

    /** Whether the request arriving at {@code now} is throttled (and, for a bucket, takes its token). */
    boolean throttles(Instant now);

    /** Whether the pattern will never throttle again (it can then be dropped). */
    default boolean exhausted() {
        return false;
    }

    /** Throttles the next {@code n} requests, then none. */
    static ThrottlePattern next(int n) {
        requirePositive("n", n);
        return new ThrottlePattern() {
            private int left = n;

            @Override
            public boolean throttles(Instant now) {
                if (left == 0) {
                    return false;
                }
                left--;
                return true;
            }

            @Override
            public boolean exhausted() {
                return left == 0;
            }

            @Override
            public String toString() {
                return "next(" + n + ")";
            }
        };
    }

    /**
     * Repeats for ever: {@code throttled} requests throttled, then {@code passed} let through. With the SDK's default
     * of 3 attempts a single caller gets through when {@code throttled <= 2}.
     */
    static ThrottlePattern burst(int throttled, int passed) {
        requirePositive("throttled", throttled);
        requirePositive("passed", passed);
        return new ThrottlePattern() {
            private long seen;

            @Override
            public boolean throttles(Instant now) {
                return seen++ % (throttled + passed) < throttled;
            }

            @Override
            public String toString() {
                return "burst(" + throttled + " throttled, " + passed + " passed)";
            }
        };
    }

    /** EC2's token bucket: starts full with {@code bucketSize} tokens, {@code refillPerSecond} added each second. */
    static ThrottlePattern tokenBucket(int bucketSize, int refillPerSecond) {
        requirePositive("bucketSize", bucketSize);
        requirePositive("refillPerSecond", refillPerSecond);
        return new ThrottlePattern() {
            private long tokens = bucketSize;
            private Instant lastRefill;

            @Override
            public boolean throttles(Instant now) {
                if (lastRefill == null) {
                    lastRefill = now;
                }
                long seconds = Duration.between(lastRefill, now).toSeconds();
                if (seconds > 0) {
                    tokens = Math.min(bucketSize, tokens + seconds * refillPerSecond);
                    lastRefill = lastRefill.plusSeconds(seconds);
                }
                if (tokens == 0) {
                    return true;
                }
                tokens--;
                return false;
            }

            @Override
            public String toString() {
                return "tokenBucket(size " + bucketSize + ", refill " + refillPerSecond + "/s)";
            }
        };
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
