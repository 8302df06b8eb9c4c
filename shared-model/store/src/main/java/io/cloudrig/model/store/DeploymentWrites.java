package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.cloudrig.model.store.Attributes.conditionFailed;
import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.reasonCodes;
import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.DeploymentItems.LEASE_EXPIRES_AT;
import static io.cloudrig.model.store.DeploymentItems.LEASE_OWNER;
import static io.cloudrig.model.store.DeploymentItems.NAME_GUARD_ID;
import static io.cloudrig.model.store.DeploymentItems.RESOURCE_COUNT;
import static io.cloudrig.model.store.DeploymentItems.STATUS;
import static io.cloudrig.model.store.DeploymentItems.VERSION;

/**
 * The deployment writes of {@link DynamoDbDeploymentStore}, each one conditional: create (a transaction with the
 * unique-name guard), status changes and version-checked updates (one UpdateItem, see {@link DeploymentUpdate}), lease
 * renewal and release, and delete (a transaction with the name guard and the tombstone, only without resources).
 * A lost condition becomes {@link StatusConflictException} (the item as it is now names the status found) or
 * {@link DeploymentNotFoundException}.
 */
final class DeploymentWrites {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWrites.class);
    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final EventMarkers markers;
    private final ItemSecrets secrets;
    private final ProgressLog progress;

    DeploymentWrites(DynamoDbClient client, String table, Clock clock, EventMarkers markers, ItemSecrets secrets,
                     ProgressLog progress) {
        this.client = client;
        this.table = table;
        this.clock = clock;
        this.markers = markers;
        this.secrets = secrets;
        this.progress = progress;
    }

    Deployment create(Deployment d) {
        if (d.status() != DeploymentStatus.DEPLOY_INIT) {
            throw new IllegalArgumentException("status: expected 'deploy->init' for a new deployment but was '"
                    + d.status().value() + "'");
        }
        Instant now = clock.instant();
        Deployment stored = d.toBuilder().createdAt(now).updatedAt(now).version(1).build();
        Map<String, AttributeValue> item = new HashMap<>(secrets.sealNew(DeploymentItems.toItem(stored)));
        item.put(RESOURCE_COUNT, n(0));
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(DeploymentItems.nameGuard(d))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")).build()));
        if (d.expiresAt() != null) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                    .item(DeploymentItems.expiryItem(d.id(), d.expiresAt()))).build());
        }
        try {
            client.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (conditionFailed(reasons, 0)) {
                throw new DeploymentNameTakenException(d.name());
            }
            if (conditionFailed(reasons, 1)) {
                throw new CloudrigException(ErrorCode.CONFLICT, "id: a deployment with id " + d.id() + " exists already");
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "create of deployment '" + d.name() + "' was cancelled: "
                    + reasonCodes(reasons), e);
        }
        return stored;
    }

    /** Moves the status from {@code from} to {@code to} (the caller checked the transition table) with {@code c}. */
    Deployment transition(String id, DeploymentStatus from, DeploymentStatus to, ChangeSet c) {
        return sealing(id, c, sealer -> transition(id, from, to, c, sealer));
    }

    /**
     * Runs {@code write} with the sealer of the data key in memory (none when {@code c} sets no secret); when the item's
     * key turned out to be another ({@link StaleDataKey}), once more with the sealer of the key read from the item.
     */
    private Deployment sealing(String id, ChangeSet c, Function<ItemSecrets.Sealer, Deployment> write) {
        try {
            return write.apply(c.setsSecrets() ? secrets.sealerFor(id) : null);
        } catch (StaleDataKey e) {
            return write.apply(secrets.sealerReading(id));
        }
    }

    private Deployment transition(String id, DeploymentStatus from, DeploymentStatus to, ChangeSet c,
                                  ItemSecrets.Sealer sealer) {
        Instant now = clock.instant();
        DeploymentUpdate u = DeploymentUpdate.at(now).set(STATUS, s(to.value()))
                .value(":from", s(from.value())).sealWith(sealer).apply(c);
        String condition = u.name(STATUS) + " = :from" + keyCondition(u, sealer);
        String expected = "status '" + from.value() + "'";
        if (c.leaseExpiredBefore() != null) {
            u.value(":expiredBefore", n(c.leaseExpiredBefore().toEpochMilli()));
            condition += " AND " + u.name(LEASE_EXPIRES_AT) + " < :expiredBefore";
            expected += " with an expired lease";
        }
        if (c.leaseHeldBy() != null) {
            u.value(":heldBy", s(c.leaseHeldBy()));
            condition += " AND " + u.name(LEASE_OWNER) + " = :heldBy";
            expected += " with the lease of " + c.leaseHeldBy();
        }
        return withLine(write(id, u, condition, expected, sealer), c, now);
    }

    Deployment update(String id, long expectedVersion, ChangeSet c) {
        return sealing(id, c, sealer -> update(id, expectedVersion, c, sealer));
    }

    private Deployment update(String id, long expectedVersion, ChangeSet c, ItemSecrets.Sealer sealer) {
        Instant now = clock.instant();
        DeploymentUpdate u = DeploymentUpdate.at(now).value(":ev", n(expectedVersion)).sealWith(sealer)
                .apply(c);
        return withLine(write(id, u, u.name(VERSION) + " = :ev" + keyCondition(u, sealer), "version " + expectedVersion,
                sealer), c, now);
    }

    /** A write lost its condition on the item's data key alone: the key in memory is not the item's (read it). */
    private static final class StaleDataKey extends RuntimeException {
        StaleDataKey() {
            super(null, null, false, false);
        }
    }

    /** Keeps the change's progress line under the number the write gave it (best effort: the write stands). */
    private Deployment withLine(Written w, ChangeSet c, Instant now) {
        if (c.progressLine() != null) {
            try {
                progress.put(w.deployment().id(), Attributes.number(w.item(), ProgressLog.PROGRESS_SEQ), c.progressLine(), now);
            } catch (RuntimeException e) {
                LOG.debug("progress line of {} not kept: {}", w.deployment().id(), e.getClass().getSimpleName());
            }
        }
        return w.deployment();
    }

    /** A deployment as a write left it, and the item it came from. */
    private record Written(Deployment deployment, Map<String, AttributeValue> item) {
    }

    /** With a sealer: the condition that the item's data key is the one the values were sealed with. */
    private static String keyCondition(DeploymentUpdate u, ItemSecrets.Sealer sealer) {
        return sealer == null ? "" : " AND " + sealer.condition(u);
    }

    boolean renewLease(String id, DeploymentStatus status, String owner, Instant expiresAt) {
        DeploymentUpdate u = DeploymentUpdate.at(clock.instant()).leaseExpiry(expiresAt)
                .value(":st", s(status.value())).value(":owner", s(owner));
        try {
            write(id, u, u.name(STATUS) + " = :st AND " + u.name(LEASE_OWNER) + " = :owner", "lease of " + owner);
            return true;
        } catch (StatusConflictException e) {
            return false;
        }
    }

    boolean clearLease(String id, String owner) {
        DeploymentUpdate u = DeploymentUpdate.at(clock.instant())
                .apply(DeploymentStore.Change.builder().clearLease().snapshot()).value(":owner", s(owner));
        try {
            write(id, u, u.name(LEASE_OWNER) + " = :owner", "lease of " + owner);
            return true;
        } catch (StatusConflictException | DeploymentNotFoundException e) {
            return false;
        }
    }

    /**
     * Deletes {@code d} with its name guard, leaving a tombstone; refused while resource records remain. Its data key
     * goes with the item, and out of this store's memory.
     */
    void delete(Deployment d) {
        String id = d.id();
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(ItemKeys.deployment(id))
                            .conditionExpression("attribute_exists(pk) AND " + RESOURCE_COUNT + " = :zero")
                            .expressionAttributeValues(Map.of(":zero", n(0)))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(ItemKeys.name(d.name()))
                            .conditionExpression(NAME_GUARD_ID + " = :id")
                            .expressionAttributeValues(Map.of(":id", s(id)))).build(),
                    TransactWriteItem.builder().put(x -> x.tableName(table).item(markers.tombstone(d))).build(),
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(ItemKeys.expiry(id))).build()));
            secrets.forget(id);
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e.cancellationReasons(), 0)) {
                CancellationReason r = e.cancellationReasons().get(0);
                if (r.item() == null || r.item().isEmpty()) {
                    secrets.forget(id);
                    return; // deleted concurrently
                }
                throw new DeploymentBusyException(id, Attributes.number(r.item(), RESOURCE_COUNT));
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "delete of deployment " + id + " was cancelled: "
                    + reasonCodes(e.cancellationReasons()), e);
        }
    }

    /**
     * Runs {@code u} on the deployment item if it exists and {@code condition} holds; seals what an older store left
     * in clear on it.
     *
     * @param expected what the condition expects, for the conflict's message
     */
    private Written write(String id, DeploymentUpdate u, String condition, String expected) {
        return write(id, u, condition, expected, null);
    }

    /** @param sealer the sealer of the values, when it seals any (a lost condition on its key is {@link StaleDataKey}) */
    private Written write(String id, DeploymentUpdate u, String condition, String expected, ItemSecrets.Sealer sealer) {
        Map<String, AttributeValue> item;
        try {
            item = client.updateItem(b -> b.tableName(table).key(ItemKeys.deployment(id))
                    .updateExpression(u.expression()).conditionExpression("attribute_exists(pk) AND " + condition)
                    .expressionAttributeNames(u.names()).expressionAttributeValues(u.values())
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                throw new DeploymentNotFoundException(id);
            }
            if (sealer != null && !sealer.fresh() && !sealer.wrapped().equals(Attributes.string(e.item(), ItemSecrets.DATA_KEY))) {
                throw new StaleDataKey();
            }
            throw new StatusConflictException(id, expected, DeploymentStatus.fromValue(e.item().get(STATUS).s()));
        }
        secrets.upgrade(item);
        return new Written(DeploymentItems.fromItem(secrets.open(item)), item);
    }
}
