package io.cloudrig.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests a DynamoDB client sends, per operation ({@code UpdateItem}, {@code BatchGetItem}, ...): the store
 * traffic as the store sees it, whatever {@code DeploymentStore} method sent it (one method may send two requests,
 * and one request may read two items).
 */
final class DynamoDbRequests implements ExecutionInterceptor {
    /** The operations that write (each one request; a transaction counts once). */
    static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String name = context.request().getClass().getSimpleName();
        counts.computeIfAbsent(name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name,
                k -> new LongAdder()).increment();
    }

    void reset() {
        counts.clear();
    }

    /** Requests per operation since the last {@link #reset()}. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static long writes(Map<String, Long> snapshot) {
        return snapshot.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    static long all(Map<String, Long> snapshot) {
        return snapshot.values().stream().mapToLong(Long::longValue).sum();
    }
}
