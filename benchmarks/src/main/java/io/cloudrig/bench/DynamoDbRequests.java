package io.cloudrig.bench;

import io.cloudrig.testkit.StoreRequests;

import java.util.Map;
import java.util.Set;

/** The requests a DynamoDB client sends, per operation ({@link StoreRequests}), and which of them write. */
final class DynamoDbRequests extends StoreRequests {
    /** The operations that write (each one request; a transaction counts once). */
    static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    static long writes(Map<String, Long> snapshot) {
        return snapshot.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    static long all(Map<String, Long> snapshot) {
        return snapshot.values().stream().mapToLong(Long::longValue).sum();
    }
}
