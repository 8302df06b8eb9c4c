package io.cloudrig.doubles.ec2.control;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts every request the double received, by action, and the errors it answered, by action and code. */
public final class CallCounter {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicInteger>> errors = new ConcurrentHashMap<>();

    public void called(String action) {
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
    }

    public void failed(String action, String code) {
        errors.computeIfAbsent(action, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
    }

    public ApiCalls snapshot() {
        Map<String, Integer> c = new TreeMap<>();
        calls.forEach((action, n) -> c.put(action, n.get()));
        Map<String, Map<String, Integer>> e = new TreeMap<>();
        errors.forEach((action, byCode) -> {
            Map<String, Integer> m = new TreeMap<>();
            byCode.forEach((code, n) -> m.put(code, n.get()));
            e.put(action, m);
        });
        return new ApiCalls(c, e);
    }

    public void reset() {
        calls.clear();
        errors.clear();
    }
}
