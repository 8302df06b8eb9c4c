package io.cloudrig.doubles.fuel;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls a double served, keyed {@code "METHOD template"} as the route table writes them, e.g.
 * {@code "PUT /clusters/{id}/changes"}, {@code "POST /keystone/v2.0/tokens"}. Unrouted calls count under
 * {@code "METHOD ?"}.
 */
public final class CallCounter {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void record(String key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How many times {@code key} ("GET /releases", ...) was called. */
    public int count(String key) {
        AtomicInteger c = counts.get(key);
        return c == null ? 0 : c.get();
    }

    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every key seen so far with its count, sorted by key. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public void reset() {
        counts.clear();
    }
}
