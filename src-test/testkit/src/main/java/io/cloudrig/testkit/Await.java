package io.cloudrig.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one await helper of the tests: polls real state until it holds, with a deadline, so a test never sleeps in place
 * of an assertion and never hand-rolls a deadline loop.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * The first value {@code probe} returns within {@code timeout}.
     *
     * @param what what is awaited, for the failure message
     * @param diagnostics what to add to the failure message (e.g. a log), computed only on failure
     */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while awaiting: " + what, e);
            }
        }
    }

    /** The first value {@code probe} returns within {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return until(what, timeout, probe, () -> "");
    }

    /** Waits until {@code condition} holds, at most {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), () -> "");
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; {@code diagnostics} goes into the failure. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), diagnostics);
    }
}
