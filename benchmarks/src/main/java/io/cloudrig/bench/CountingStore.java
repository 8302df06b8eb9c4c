package io.cloudrig.bench;

import io.cloudrig.model.store.DeploymentStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the calls the functions make on their {@link DeploymentStore}, per method, to relate throughput to the ceiling. */
final class CountingStore {
    /** The store methods that write (each one conditional write; {@code create} and resource puts are transactions). */
    static final Set<String> WRITES = Set.of("create", "transition", "update", "setCredentials", "renewLease", "delete",
            "addResource", "markResourceCreated", "markResourceDeleting", "deleteResource", "markEventProcessed", "clearLease",
            "appendProgress", "postponeExpiry", "clearExpiry");

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final DeploymentStore proxy;

    CountingStore(DeploymentStore target) {
        this.proxy = (DeploymentStore) Proxy.newProxyInstance(DeploymentStore.class.getClassLoader(),
                new Class<?>[] {DeploymentStore.class}, (p, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new LongAdder()).increment();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    DeploymentStore store() {
        return proxy;
    }

    void reset() {
        calls.clear();
    }

    /** Calls per method since the last {@link #reset()}, by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static long writes(Map<String, Long> snapshot) {
        return snapshot.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }
}
