package io.cloudrig.model.store;

import io.cloudrig.model.Deployment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.cloudrig.model.store.Attributes.isoInstant;
import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.Attributes.string;

/**
 * What the store remembers for a while so that duplicates are recognised: processed-event markers (with the outcome
 * to emit again on a duplicate delivery) and tombstones of deleted deployments (so a late or replayed destroy is seen
 * as done). Both expire through the table's TTL attribute after {@link #RETENTION}.
 */
final class EventMarkers {
    /** How long markers and tombstones are kept: longer than any redelivery or replay window of Kafka or SQS. */
    static final Duration RETENTION = Duration.ofDays(14);
    private static final String DEPLOYMENT_ID = "deploymentId";
    private static final String PROCESSED_AT = "processedAt";
    private static final String OUTCOME = "outcome";
    private static final String NAME = "name";
    private static final String DELETED_AT = "deletedAt";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    EventMarkers(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    /** Writes the marker unless one exists; true for the first delivery. */
    boolean markProcessed(String eventId, String deploymentId, String outcome) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(ItemKeys.event(eventId));
        item.put(DEPLOYMENT_ID, s(deploymentId));
        item.put(PROCESSED_AT, s(now.toString()));
        item.put(DeploymentTable.TTL, expiry(now));
        if (outcome != null) {
            item.put(OUTCOME, s(outcome));
        }
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    Optional<ProcessedEvent> processed(String eventId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(ItemKeys.event(eventId))).item();
        return processedFrom(eventId, item);
    }

    /** The marker of {@code eventId} in {@code item} as read (null or empty: none). */
    static Optional<ProcessedEvent> processedFrom(String eventId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessedEvent(eventId, string(item, DEPLOYMENT_ID), string(item, OUTCOME),
                isoInstant(item, PROCESSED_AT)));
    }

    /** The tombstone of {@code d}, to write in the transaction that deletes it. */
    Map<String, AttributeValue> tombstone(Deployment d) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(ItemKeys.tombstone(d.id()));
        item.put(NAME, s(d.name()));
        item.put(DELETED_AT, s(now.toString()));
        item.put(DeploymentTable.TTL, expiry(now));
        return item;
    }

    boolean wasDeleted(String id) {
        return client.getItem(b -> b.tableName(table).consistentRead(true).key(ItemKeys.tombstone(id))).hasItem();
    }

    private static AttributeValue expiry(Instant now) {
        return n(now.plus(RETENTION).getEpochSecond());
    }
}
