package io.cloudrig.model.store;

import io.cloudrig.model.config.Secrets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.s;

/**
 * The progress lines of deployments, in their partition: a counter on the deployment's item ({@value #PROGRESS_SEQ},
 * outside its version, counted only while the item exists) numbers each line, and the
 * line goes to slot {@code PROG#<number mod 50>}, so a deployment keeps its last {@value DeploymentStore#PROGRESS_KEPT}
 * lines and never more items. Lines are masked ({@link Secrets#maskText}) and cut to {@value #MAX_LINE} characters;
 * every item expires through the table's TTL ({@link #RETENTION}) and is deleted with the deployment.
 */
final class ProgressLog {
    static final int MAX_LINE = 2000;
    static final Duration RETENTION = Duration.ofDays(14);
    /** The attribute of the deployment item that numbers its progress lines (outside its version). */
    static final String PROGRESS_SEQ = "progressSeq";
    private static final String SEQ = "seq";
    private static final String AT = "at";
    private static final String LINE = "line";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    ProgressLog(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    void append(String id, String line) {
        Instant now = clock.instant();
        long seq;
        try {
            // counted on the deployment's item (not its version: no write of the deployment conflicts with a line), and
            // only while it exists: nothing of a deleted deployment is left behind
            seq = Long.parseLong(client.updateItem(b -> b.tableName(table).key(ItemKeys.deployment(id))
                    .updateExpression("ADD #seq :one").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#seq", PROGRESS_SEQ)).expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes().get(PROGRESS_SEQ).n());
        } catch (ConditionalCheckFailedException e) {
            return; // the deployment is gone (a last line after its delete): nothing to keep
        }
        put(id, seq, line, now);
    }

    /** Keeps {@code line} as number {@code seq} of {@code id} (numbered by a write of the deployment, at {@code now}). */
    void put(String id, long seq, String line, Instant now) {
        AttributeValue ttl = n(now.plus(RETENTION).getEpochSecond());
        String masked = Secrets.maskText(line == null ? "" : line);
        Map<String, AttributeValue> item = new HashMap<>(ItemKeys.progressLine(id, seq));
        item.put(SEQ, n(seq));
        item.put(AT, s(now.toString()));
        item.put(LINE, s(masked.length() > MAX_LINE ? masked.substring(0, MAX_LINE - 3) + "..." : masked));
        item.put(DeploymentTable.TTL, ttl);
        client.putItem(b -> b.tableName(table).item(item));
    }

    List<DeploymentStore.ProgressLine> after(String id, long afterSeq) {
        return client.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(ItemKeys.deploymentPartition(id)),
                                ":p", s(ItemKeys.PROGRESS_PREFIX))))
                .items().stream()
                .map(i -> new DeploymentStore.ProgressLine(Attributes.number(i, SEQ), Attributes.isoInstant(i, AT),
                        Attributes.string(i, LINE)))
                .filter(l -> l.seq() > afterSeq).sorted(Comparator.comparingLong(DeploymentStore.ProgressLine::seq))
                .toList();
    }

    /** Deletes the lines of {@code id} (after the deployment is deleted, with its counter). */
    void delete(String id) {
        for (DeploymentStore.ProgressLine l : after(id, 0)) {
            client.deleteItem(b -> b.tableName(table).key(ItemKeys.progressLine(id, l.seq())));
        }
    }
}
