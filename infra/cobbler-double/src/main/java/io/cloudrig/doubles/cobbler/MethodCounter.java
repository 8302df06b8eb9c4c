package io.cloudrig.doubles.cobbler;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the XML-RPC calls the double served, by method name (unknown names included). */
public final class MethodCounter {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void record(String method) {
        counts.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }

    public int count(String method) {
        AtomicInteger c = counts.get(method);
        return c == null ? 0 : c.get();
    }

    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public void reset() {
        counts.clear();
    }
}
