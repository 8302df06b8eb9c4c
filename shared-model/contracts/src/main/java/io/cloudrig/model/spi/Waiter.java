package io.cloudrig.model.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls until something holds, with a deadline and progress lines, for plugins that wait on the outside world (an IP
 * address, a server becoming ACTIVE, a task reaching 100 %). Gives up with a {@code TIMEOUT} error naming what it
 * waited for, and with {@code LEASE_LOST} as soon as the deployment is no longer this worker's. Where a function call
 * has a time limit (Lambda), it stops with {@link ContinueLater} instead of sleeping past it: the step is called again
 * later and the same wait (same {@code what}) goes on with the time it already took counted against its timeout.
 */
public interface Waiter {

    /**
     * The first value {@code probe} returns within {@code timeout}, polling every {@code interval}.
     *
     * @param what what is awaited, for progress lines and the timeout message ("an IP address for domain 'x'")
     * @throws io.cloudrig.model.CloudrigException TIMEOUT when the deadline passes, LEASE_LOST when the lease is lost;
     *                                             whatever {@code probe} throws is passed on
     * @throws ContinueLater when the function call's time limit is near (never where there is none)
     */
    <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe);
}
