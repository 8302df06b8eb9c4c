package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cloudrig.model.store.Attributes.conditionFailed;
import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.reasonCodes;
import static io.cloudrig.model.store.Attributes.s;

/**
 * The resource-record operations of {@link DynamoDbDeploymentStore}. Adding or deleting a record adjusts the
 * deployment item's {@code resourceCount} in the same transaction, so "delete a deployment only without resources" is
 * a plain conditional delete.
 */
final class DynamoDbResourceRecords {
    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    DynamoDbResourceRecords(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.clock = clock;
    }

    ResourceRecord add(ResourceRecord r) {
        Instant now = clock.instant();
        ResourceRecord stored = r.toBuilder().state(ResourceState.CREATING).createdAt(now).updatedAt(now).build();
        Map<String, AttributeValue> item = ResourceItems.toItem(stored);
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    countChange(r.deploymentId(), 1)));
            return stored;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (conditionFailed(reasons, 0)) {
                return get(r.deploymentId(), r.resourceId()).orElseThrow(() -> new CloudrigException(
                        ErrorCode.CONFLICT, "resource " + r.resourceId() + " was deleted while being added"));
            }
            if (conditionFailed(reasons, 1)) {
                throw new DeploymentNotFoundException(r.deploymentId());
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + r.resourceId() + " was not recorded: "
                    + reasonCodes(reasons), e);
        }
    }

    ResourceRecord markCreated(String deploymentId, String resourceId, String externalId, ObjectNode info) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #state = :st, updatedAt = :now");
        values.put(":st", s(ResourceState.CREATED.value()));
        values.put(":now", s(clock.instant().toString()));
        if (externalId != null) {
            set.append(", externalId = :ext");
            values.put(":ext", s(externalId));
        }
        if (info != null) {
            set.append(", info = :info");
            values.put(":info", s(Json.write(info)));
        }
        return update(deploymentId, resourceId, set.toString(), values);
    }

    ResourceRecord markDeleting(String deploymentId, String resourceId) {
        return update(deploymentId, resourceId, "SET #state = :st, updatedAt = :now",
                Map.of(":st", s(ResourceState.DELETING.value()), ":now", s(clock.instant().toString())));
    }

    private ResourceRecord update(String deploymentId, String resourceId, String expr, Map<String, AttributeValue> values) {
        try {
            return ResourceItems.fromItem(client.updateItem(b -> b.tableName(table)
                    .key(ItemKeys.resource(deploymentId, resourceId))
                    .updateExpression(expr).conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", ResourceItems.STATE)).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + resourceId + " of deployment " + deploymentId
                    + ": expected a record but there is none");
        }
    }

    Optional<ResourceRecord> get(String deploymentId, String resourceId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(ItemKeys.resource(deploymentId, resourceId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ResourceItems.fromItem(item));
    }

    /** Every record of the deployment, in resource-id order, page by page. */
    List<ResourceRecord> list(String deploymentId) {
        return client.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :res)")
                        .expressionAttributeValues(Map.of(":pk", s(ItemKeys.deploymentPartition(deploymentId)),
                                ":res", s(ItemKeys.RESOURCE_PREFIX)))
                        .build())
                .items().stream().map(ResourceItems::fromItem).toList();
    }

    void delete(String deploymentId, String resourceId) {
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(x -> x.tableName(table)
                            .key(ItemKeys.resource(deploymentId, resourceId))
                            .conditionExpression("attribute_exists(pk)")).build(),
                    countChange(deploymentId, -1)));
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e.cancellationReasons(), 0)) {
                return; // already gone
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + resourceId + " was not deleted: "
                    + reasonCodes(e.cancellationReasons()), e);
        }
    }

    /** Adds {@code delta} to the deployment's resource count; fails the transaction when the deployment is gone. */
    private TransactWriteItem countChange(String deploymentId, int delta) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(ItemKeys.deployment(deploymentId))
                .updateExpression("ADD " + DeploymentItems.RESOURCE_COUNT + " :delta")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":delta", n(delta)))).build();
    }
}
