package io.cloudrig.testkit;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests a DynamoDB client sends, per operation ({@code UpdateItem}, {@code BatchGetItem}, ...): the store
 * traffic as the store sees it, whatever {@code DeploymentStore} method sent it (one method may send two requests,
 * and one request may read two items). Give it to {@link TestStores#newStore(ExecutionInterceptor)}.
 */
public class StoreRequests implements ExecutionInterceptor {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String name = context.request().getClass().getSimpleName();
        counts.computeIfAbsent(name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name,
                k -> new LongAdder()).increment();
    }

    /** Forgets what was counted so far. */
    public void reset() {
        counts.clear();
    }

    /** Requests per operation since the last {@link #reset()}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Requests of {@code operation} ({@code GetItem}, ...) since the last {@link #reset()}. */
    public long of(String operation) {
        LongAdder n = counts.get(operation);
        return n == null ? 0 : n.sum();
    }
}
