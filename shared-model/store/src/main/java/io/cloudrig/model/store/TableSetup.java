package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cloudrig.model.store.Attributes.s;

/**
 * Makes a table match {@link DeploymentTable#DEFINITION} when a store opens it on a local endpoint (in AWS, Terraform
 * makes the table): creates it when absent; on a table made by an older cloudrig (an embedded store on disk), adds
 * the indexes it lacks, and the TTL when it is off. Safe to run from several processes at once.
 */
final class TableSetup {
    /** How long to wait for a new index to become active (DynamoDB Local takes well under a second). */
    private static final int INDEX_WAIT_POLLS = 600;
    private static final long INDEX_WAIT_POLL_MILLIS = 100;

    private final DynamoDbClient client;
    private final String table;
    private final DeploymentTable definition;

    TableSetup(DynamoDbClient client, String table, DeploymentTable definition) {
        this.client = client;
        this.table = table;
        this.definition = definition;
    }

    void createOrMigrate() {
        TableDescription existing;
        try {
            existing = client.describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            create();
            enableTtl();
            return;
        }
        Set<String> present = existing.globalSecondaryIndexes().stream().map(i -> i.indexName())
                .collect(Collectors.toSet());
        for (DeploymentTable.Index index : definition.globalSecondaryIndexes()) {
            if (!present.contains(index.name())) {
                addIndex(index);
            }
        }
        enableTtl();
    }

    private void create() {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (DeploymentTable.Index i : definition.globalSecondaryIndexes()) {
            indexes.add(GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(i.keySchema())
                    .projection(Projection.builder().projectionType(i.projection()).build()).build());
        }
        try {
            client.createTable(b -> b.tableName(table).billingMode(definition.billingMode())
                    .attributeDefinitions(definition.attributeDefinitions(List.copyOf(definition.attributes().keySet())))
                    .keySchema(definition.keySchema())
                    .globalSecondaryIndexes(indexes));
        } catch (ResourceInUseException e) {
            // created concurrently by another process: fine
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    /**
     * Adds an index to an existing table and waits until it is active. For the lease index, then indexes the leases
     * already held, so the sweeper finds them too.
     */
    private void addIndex(DeploymentTable.Index index) {
        try {
            client.updateTable(b -> b.tableName(table)
                    .attributeDefinitions(definition.attributeDefinitions(index.keyAttributes()))
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c
                            .indexName(index.name()).keySchema(index.keySchema())
                            .projection(Projection.builder().projectionType(index.projection()).build())).build()));
        } catch (ResourceInUseException e) {
            // being added concurrently by another process: wait for it below
        }
        awaitActive(index.name());
        if (DeploymentTable.GSI2.equals(index.name())) {
            indexHeldLeases();
        }
    }

    private void awaitActive(String indexName) {
        for (int i = 0; i < INDEX_WAIT_POLLS; i++) {
            boolean active = client.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(x -> indexName.equals(x.indexName()) && x.indexStatus() == IndexStatus.ACTIVE);
            if (active) {
                return;
            }
            try {
                Thread.sleep(INDEX_WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while adding index " + indexName
                        + " to table " + table);
            }
        }
        throw new CloudrigException(ErrorCode.TIMEOUT, "index " + indexName + " of table " + table
                + ": expected ACTIVE within " + INDEX_WAIT_POLLS * INDEX_WAIT_POLL_MILLIS / 1000 + " s but it is not");
    }

    /** Gives every deployment item that holds a lease its lease-index keys (items written before the index had none). */
    private void indexHeldLeases() {
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)
                        .filterExpression("sk = :meta AND attribute_exists(" + DeploymentItems.LEASE_EXPIRES_AT + ")")
                        .expressionAttributeValues(Map.of(":meta", s(ItemKeys.META))))
                .items().forEach(item -> client.updateItem(b -> b.tableName(table)
                        .key(ItemKeys.key(item.get(DeploymentTable.PK).s(), ItemKeys.META))
                        .updateExpression("SET " + DeploymentTable.GSI2_PK + " = :lease, " + DeploymentTable.GSI2_SK
                                + " = " + DeploymentItems.LEASE_EXPIRES_AT)
                        .conditionExpression("attribute_exists(" + DeploymentItems.LEASE_EXPIRES_AT + ")")
                        .expressionAttributeValues(Map.of(":lease", s(ItemKeys.LEASE_INDEX_KEY)))));
    }

    /** Turns the TTL on when the definition has one and the table's is off. */
    private void enableTtl() {
        String attribute = definition.ttlAttribute();
        if (attribute == null) {
            return;
        }
        if (ttlOn()) {
            return;
        }
        try {
            client.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true)));
        } catch (DynamoDbException e) {
            if (!ttlOn()) { // else: turned on concurrently by another process
                throw e;
            }
        }
    }

    private boolean ttlOn() {
        TimeToLiveStatus status = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription()
                .timeToLiveStatus();
        return status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
    }
}
