package io.cloudrig.bench;

import io.cloudrig.model.store.DeploymentStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the calls the functions make on their {@link DeploymentStore}, per method (the requests: {@link DynamoDbRequests}). */
final class CountingStore {
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
}
