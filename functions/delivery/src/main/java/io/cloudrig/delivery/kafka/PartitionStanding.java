package io.cloudrig.delivery.kafka;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one partition assigned to a {@link KeyedConsumer} stands: the offsets taken in and not finished, the records in
 * workers' hands, what was committed. A new one on every assignment, so a lost partition's late news is ignored.
 */
final class PartitionStanding {
    final TreeSet<Long> unfinished = new TreeSet<>(); // poll thread only
    final AtomicInteger inHand = new AtomicInteger();
    long next = -1; // poll thread only: offset after the last record taken in
    long committed = -1; // poll thread only
    volatile boolean revoked;
}
