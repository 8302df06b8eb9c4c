package io.cloudrig.model.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls until something holds, with a deadline and progress lines, for plugins that wait on the outside world (an IP
 * address, a server becoming ACTIVE, a task reaching 100 %). Gives up with a {@code TIMEOUT} error naming what it
 * waited for, and with {@code LEASE_LOST} as soon as the deployment is no longer this worker's.
 */
public interface Waiter {

    /**
     * The first value {@code probe} returns within {@code timeout}, polling every {@code interval}.
     *
     * @param what what is awaited, for progress lines and the timeout message ("an IP address for domain 'x'")
     * @throws io.cloudrig.model.CloudrigException TIMEOUT when the deadline passes, LEASE_LOST when the lease is lost;
     *                                             whatever {@code probe} throws is passed on
     */
    <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> probe);
}
