package io.cloudrig.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a record whose handling failed with a retryable code ({@link io.cloudrig.model.ErrorCode#retryable()}) is
 * tried in this process, how long to wait in between, and what happens when the attempts are used up.
 *
 * @param attempts               tries in this process, at least 1
 * @param backoff                the wait after the first failed try; the n-th failed try waits n times this
 * @param deadLetterWhenExhausted true: dead-letter it then (Kafka: a record that cannot be handled must not hold up its
 *                               partition); false: return {@link DeliveryResult.Retry} and let the transport deliver it
 *                               again (SQS: redelivery after the visibility timeout, the redrive policy dead-letters
 *                               it after maxReceiveCount)
 */
public record RetryPolicy(int attempts, Duration backoff, boolean deadLetterWhenExhausted) {
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: expected at least 1 but was " + attempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff: expected zero or more but was " + backoff);
        }
    }

    /** Retries in process, then dead-letters: what a Kafka consumer needs. */
    public static RetryPolicy inProcess(int attempts, Duration backoff) {
        return new RetryPolicy(attempts, backoff, true);
    }

    /** {@link #DEFAULT_ATTEMPTS} in process, {@link #DEFAULT_BACKOFF} apart, then dead-letter. */
    public static RetryPolicy inProcess() {
        return inProcess(DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /** One try; a retryable failure is left to the transport's redelivery: what an SQS-fed Lambda needs. */
    public static RetryPolicy redelivery() {
        return new RetryPolicy(1, Duration.ZERO, false);
    }

    /** The wait after failed try number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        return backoff.multipliedBy(attempt);
    }
}
